//! The mistake: an async host function that blocks its thread stalls every other task on it.
//! Kind: demonstration
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use std::time::Duration;
use wasmtime::{Config, Engine, Linker, Module, Store};

const GUEST: &str = r#"
(module
  (import "host" "wait" (func $wait))
  (func (export "run") call $wait))
"#;

#[tokio::main(flavor = "current_thread")]
async fn main() -> wasmtime::Result<()> {
    // A task that counts ticks every millisecond while the guest runs.
    let ticks = Arc::new(AtomicU32::new(0));
    let counter = ticks.clone();
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(Duration::from_millis(1)).await;
            counter.fetch_add(1, Ordering::Relaxed);
        }
    });

    let mut config = Config::new();
    // Needed up to Wasmtime 41; a deprecated no-op from 42 on.
    #[allow(deprecated)]
    config.async_support(true);
    let engine = Engine::new(&config)?;
    let module = Module::new(&engine, GUEST)?;
    let mut linker: Linker<()> = Linker::new(&engine);
    // ANCHOR: host
    linker.func_wrap_async("host", "wait", |_caller, (): ()| {
        Box::new(async {
            std::thread::sleep(Duration::from_millis(50)); // blocks the only thread
        })
    })?;
    // ANCHOR_END: host

    let mut store = Store::new(&engine, ());
    let instance = linker.instantiate_async(&mut store, &module).await?;
    let run = instance.get_typed_func::<(), ()>(&mut store, "run")?;
    let before = ticks.load(Ordering::Relaxed);
    run.call_async(&mut store, ()).await?;
    let during = ticks.load(Ordering::Relaxed) - before;
    println!(
        "other tasks kept running while the guest waited 50 ms: {}",
        during > 0
    );
    Ok(())
}
