//! The mistake: a host function that blocks its thread; epoch yields happen only in the guest's code, so `tokio::time::timeout` cannot fire until the host function returns.
use std::time::Duration;
use wasmtime::{Config, Engine, Linker, Module, Store};

// `run` calls the host's `work`.
const GUEST: &str = r#"
(module
  (import "host" "work" (func $work))
  (func (export "run") call $work))
"#;

#[tokio::main]
async fn main() -> wasmtime::Result<()> {
    // The watchdog: still running 1 s after a 10 ms timeout means the timeout
    // never fired. It says so and ends the process with status 2.
    std::thread::spawn(|| {
        std::thread::sleep(Duration::from_secs(1));
        println!("still running after 1000 ms: the 10 ms timeout never fired");
        std::process::exit(2);
    });

    let mut config = Config::new();
    // Needed up to Wasmtime 41; a deprecated no-op from 42 on.
    #[allow(deprecated)]
    config.async_support(true);
    config.epoch_interruption(true);
    let engine = Engine::new(&config)?;
    let module = Module::new(&engine, GUEST)?;

    let mut linker: Linker<()> = Linker::new(&engine);
    // ANCHOR: mistake
    // The mistake: the host function blocks its thread for 5 s (a
    // synchronous client, a lock, a long computation).
    linker.func_wrap("host", "work", || {
        std::thread::sleep(Duration::from_secs(5));
    })?;
    // ANCHOR_END: mistake

    let mut store = Store::new(&engine, ());
    store.set_epoch_deadline(1);
    store.epoch_deadline_async_yield_and_update(1);
    let ticker = engine.clone();
    std::thread::spawn(move || loop {
        std::thread::sleep(Duration::from_millis(10));
        ticker.increment_epoch();
    });

    let instance = linker.instantiate_async(&mut store, &module).await?;
    let run = instance.get_typed_func::<(), ()>(&mut store, "run")?;
    match tokio::time::timeout(Duration::from_millis(10), run.call_async(&mut store, ())).await {
        Err(elapsed) => println!("the timeout fired: {elapsed}"),
        Ok(result) => println!("run returned {result:?}"),
    }
    Ok(())
}
