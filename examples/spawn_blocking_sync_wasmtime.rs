//! Running a sync embedding from a Tokio program: on a blocking thread, where host functions may block on Tokio.
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

fn run_guest(handle: tokio::runtime::Handle, arg: i32) -> wasmtime::Result<i32> {
    let engine = Engine::default();
    let module = Module::new(&engine, GUEST)?;
    let mut linker: Linker<()> = Linker::new(&engine);
    linker.func_wrap("host", "fetch", move |x: i32| {
        // Allowed: this thread belongs to Tokio's blocking pool, and it is
        // not driving any task.
        handle.block_on(fetch(x))
    })?;
    let mut store = Store::new(&engine, ());
    let instance = linker.instantiate(&mut store, &module)?;
    let run = instance.get_typed_func::<i32, i32>(&mut store, "run")?;
    run.call(&mut store, arg)
}

#[tokio::main]
async fn main() -> wasmtime::Result<()> {
    let handle = tokio::runtime::Handle::current();
    // ANCHOR: spawn
    let answer = tokio::task::spawn_blocking(move || run_guest(handle, 41)) // the fix: on the blocking pool
        .await
        .expect("the blocking task did not panic")?;
    // ANCHOR_END: spawn
    println!("run(41) = {answer}");
    Ok(())
}
