//! The fix: advance the epoch from a thread of its own, which runs whatever the runtime's threads are doing; the guest yields at each tick and `tokio::time::timeout` fires.
use std::time::Duration;
use wasmtime::{Config, Engine, Linker, Module, Store};

// `spin` loops forever.
const GUEST: &str = r#"
(module
  (func (export "spin")
    (loop $forever (br $forever))))
"#;

#[tokio::main(flavor = "current_thread")]
async fn main() -> wasmtime::Result<()> {
    // The watchdog: still running 10 s after a 10 ms timeout means the
    // timeout never fired. It says so and ends the process with status 2.
    std::thread::spawn(|| {
        std::thread::sleep(Duration::from_secs(10));
        println!("still running after 10 s: the 10 ms timeout never fired");
        std::process::exit(2);
    });

    let mut config = Config::new();
    // Needed up to Wasmtime 41; a deprecated no-op from 42 on.
    #[allow(deprecated)]
    config.async_support(true);
    config.epoch_interruption(true);
    let engine = Engine::new(&config)?;
    let module = Module::new(&engine, GUEST)?;

    let mut store = Store::new(&engine, ());
    store.set_epoch_deadline(1);
    store.epoch_deadline_async_yield_and_update(1);
    // ANCHOR: fix
    // The fix: a plain thread ticks the epoch every 10 ms, whatever the
    // runtime's thread is doing.
    let ticker = engine.clone();
    std::thread::spawn(move || loop {
        std::thread::sleep(Duration::from_millis(10));
        ticker.increment_epoch();
    });
    // ANCHOR_END: fix

    let instance = Linker::new(&engine)
        .instantiate_async(&mut store, &module)
        .await?;
    let spin = instance.get_typed_func::<(), ()>(&mut store, "spin")?;
    match tokio::time::timeout(Duration::from_millis(10), spin.call_async(&mut store, ())).await {
        Err(elapsed) => println!("the timeout fired: {elapsed}"),
        Ok(result) => println!("spin returned {result:?}"),
    }
    Ok(())
}
