//! The mistake: a Tokio runtime built without `enable_time` (or `enable_all`) runs a guest whose async host function awaits a Tokio timer.
use std::time::Duration;
use wasmtime::{Config, Engine, Linker, Module, Store};

const GUEST: &str = r#"
(module
  (import "host" "fetch" (func $fetch (param i32) (result i32)))
  (func (export "run") (param i32) (result i32)
    local.get 0
    call $fetch))
"#;

fn main() -> wasmtime::Result<()> {
    let mut config = Config::new();
    // Needed up to Wasmtime 41; a deprecated no-op from 42 on.
    #[allow(deprecated)]
    config.async_support(true);
    let engine = Engine::new(&config)?;
    let module = Module::new(&engine, GUEST)?;

    let mut linker: Linker<()> = Linker::new(&engine);
    linker.func_wrap_async("host", "fetch", |_caller, (x,): (i32,)| {
        Box::new(async move {
            tokio::time::sleep(Duration::from_millis(10)).await;
            x + 1
        })
    })?;

    // ANCHOR: runtime
    // The mistake: neither `.enable_time()` nor `.enable_all()`.
    let tokio_runtime = tokio::runtime::Builder::new_current_thread().build()?;
    // ANCHOR_END: runtime
    let answer = tokio_runtime.block_on(async {
        let mut store = Store::new(&engine, ());
        let instance = linker.instantiate_async(&mut store, &module).await?;
        let run = instance.get_typed_func::<i32, i32>(&mut store, "run")?;
        run.call_async(&mut store, 41).await
    })?;
    println!("run(41) = {answer}");
    Ok(())
}
