//! The mistake: `block_in_place` on a `current_thread` runtime, which has no other thread to hand its tasks to.
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

#[tokio::main(flavor = "current_thread")]
async fn main() -> wasmtime::Result<()> {
    let engine = Engine::default();
    let module = Module::new(&engine, GUEST)?;

    let mut linker: Linker<()> = Linker::new(&engine);
    // ANCHOR: mistake
    linker.func_wrap("host", "fetch", |x: i32| {
        // Panics: a current_thread runtime has no other thread to take over
        // its tasks while this one blocks.
        tokio::task::block_in_place(|| tokio::runtime::Handle::current().block_on(fetch(x)))
    })?;
    // ANCHOR_END: mistake

    let mut store = Store::new(&engine, ());
    let instance = linker.instantiate(&mut store, &module)?;
    let run = instance.get_typed_func::<i32, i32>(&mut store, "run")?;
    let answer = run.call(&mut store, 41)?;
    println!("run(41) = {answer}");
    Ok(())
}
