//! A complete async embedding under Tokio: a sync and an async host function side by side.
use std::time::Duration;
use wasmtime::{Config, Engine, Linker, Module, Store};

// `run` logs its argument through the sync host function, then asks the
// async one to fetch a value and returns it.
const GUEST: &str = r#"
(module
  (import "host" "log" (func $log (param i32)))
  (import "host" "fetch" (func $fetch (param i32) (result i32)))
  (func (export "run") (param i32) (result i32)
    local.get 0
    call $log
    local.get 0
    call $fetch))
"#;

#[tokio::main]
async fn main() -> wasmtime::Result<()> {
    // ANCHOR: config
    let mut config = Config::new();
    // Needed up to Wasmtime 41; a deprecated no-op from 42 on.
    #[allow(deprecated)]
    config.async_support(true);
    let engine = Engine::new(&config)?;
    // ANCHOR_END: config
    let module = Module::new(&engine, GUEST)?;

    let mut linker: Linker<()> = Linker::new(&engine);
    // ANCHOR: host
    // A sync host function is fine in an async store: it runs to completion
    // on the guest's fiber and never blocks on Tokio.
    linker.func_wrap("host", "log", |x: i32| println!("guest says {x}"))?;
    // An async host function may await: the guest's fiber is suspended and
    // Tokio's thread is free meanwhile.
    linker.func_wrap_async("host", "fetch", |_caller, (x,): (i32,)| {
        Box::new(async move {
            tokio::time::sleep(Duration::from_millis(10)).await;
            x + 1
        })
    })?;
    // ANCHOR_END: host

    let mut store = Store::new(&engine, ());
    // ANCHOR: instantiate
    let instance = linker.instantiate_async(&mut store, &module).await?;
    // ANCHOR_END: instantiate
    let run = instance.get_typed_func::<i32, i32>(&mut store, "run")?;
    // ANCHOR: call
    let answer = run.call_async(&mut store, 41).await?;
    // ANCHOR_END: call
    println!("run(41) = {answer}");
    Ok(())
}
