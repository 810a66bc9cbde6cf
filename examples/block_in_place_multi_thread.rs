//! A sync host function that needs an async result, on Tokio's multi-thread runtime: `block_in_place` lets it block.
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

#[tokio::main] // the multi-thread runtime: block_in_place needs it
async fn main() -> wasmtime::Result<()> {
    let engine = Engine::default();
    let module = Module::new(&engine, GUEST)?;

    let mut linker: Linker<()> = Linker::new(&engine);
    // ANCHOR: fix
    linker.func_wrap("host", "fetch", |x: i32| {
        // block_in_place tells Tokio this thread is about to block, and then
        // block_on is allowed. The cost, on every call: on a worker thread it
        // first hands that worker's queued tasks to another thread. (Here the
        // caller is `main`, inside the runtime's own block_on: no worker.)
        tokio::task::block_in_place(|| tokio::runtime::Handle::current().block_on(fetch(x)))
    })?;
    // ANCHOR_END: fix

    let mut store = Store::new(&engine, ());
    let instance = linker.instantiate(&mut store, &module)?;
    let run = instance.get_typed_func::<i32, i32>(&mut store, "run")?;
    let answer = run.call(&mut store, 41)?;
    println!("run(41) = {answer}");
    Ok(())
}
