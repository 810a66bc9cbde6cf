//! The mistake: an async host function awaits a Tokio timer while another executor (`futures::executor::block_on`) drives the call and no Tokio runtime exists.
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
    // ANCHOR: host
    linker.func_wrap_async("host", "fetch", |_caller, (x,): (i32,)| {
        Box::new(async move {
            // Tokio's timers (and its sockets, files, `spawn`) need a Tokio
            // runtime; `futures::executor::block_on` is not one.
            tokio::time::sleep(Duration::from_millis(10)).await;
            x + 1
        })
    })?;
    // ANCHOR_END: host

    let answer = futures::executor::block_on(async {
        let mut store = Store::new(&engine, ());
        let instance = linker.instantiate_async(&mut store, &module).await?;
        let run = instance.get_typed_func::<i32, i32>(&mut store, "run")?;
        run.call_async(&mut store, 41).await
    })?;
    println!("run(41) = {answer}");
    Ok(())
}
