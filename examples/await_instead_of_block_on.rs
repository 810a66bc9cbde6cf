//! The async fix for `block_on` in a host function: an async host function that awaits, and async entry points.
use wasmtime::{Config, Engine, Linker, Module, Store};

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
    // ANCHOR: config
    let mut config = Config::new();
    // Needed up to Wasmtime 41; a deprecated no-op from 42 on.
    #[allow(deprecated)]
    config.async_support(true); // the fix, up to 41: an async engine
    let engine = Engine::new(&config)?;
    // ANCHOR_END: config
    let module = Module::new(&engine, GUEST)?;

    let mut linker: Linker<()> = Linker::new(&engine);
    // ANCHOR: host
    linker.func_wrap_async("host", "fetch", |_caller, (x,): (i32,)| {
        Box::new(async move { fetch(x).await }) // the fix: await, do not block
    })?;
    // ANCHOR_END: host

    let mut store = Store::new(&engine, ());
    // ANCHOR: run
    let instance = linker.instantiate_async(&mut store, &module).await?; // the fix: instantiate_async
    let run = instance.get_typed_func::<i32, i32>(&mut store, "run")?;
    let answer = run.call_async(&mut store, 41).await?; // the fix: call_async
                                                        // ANCHOR_END: run
    println!("run(41) = {answer}");
    Ok(())
}
