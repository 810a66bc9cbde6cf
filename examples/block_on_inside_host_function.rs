//! The mistake: a sync host function blocks on Tokio while Tokio is running the caller.
use wasmtime::{Engine, Linker, Module, Store};

const GUEST: &str = r#"
(module
  (import "host" "fetch" (func $fetch (param i32) (result i32)))
  (func (export "run") (param i32) (result i32)
    local.get 0
    call $fetch))
"#;

async fn fetch(x: i32) -> i32 {
    tokio::task::yield_now().await;
    x + 1
}

#[tokio::main]
async fn main() -> wasmtime::Result<()> {
    let engine = Engine::default();
    let module = Module::new(&engine, GUEST)?;

    let mut linker: Linker<()> = Linker::new(&engine);
    // ANCHOR: host
    linker.func_wrap("host", "fetch", |x: i32| {
        // Blocks this thread until `fetch` is done: but `#[tokio::main]` runs
        // `main` on this thread inside the runtime's own `block_on`.
        tokio::runtime::Handle::current().block_on(fetch(x))
    })?;
    // ANCHOR_END: host

    let mut store = Store::new(&engine, ());
    let instance = linker.instantiate(&mut store, &module)?;
    let run = instance.get_typed_func::<i32, i32>(&mut store, "run")?;
    let answer = run.call(&mut store, 41)?;
    println!("run(41) = {answer}");
    Ok(())
}
