//! The mistake: on a `current_thread` runtime, the task meant to advance the epoch never runs while the guest holds the thread, so the guest never yields and `tokio::time::timeout` never fires.
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

    let mut store = Store::new(&engine, ());
    store.set_epoch_deadline(1);
    store.epoch_deadline_async_yield_and_update(1);
    // ANCHOR: mistake
    // The mistake: the ticker is a task on the runtime's only thread. While
    // the guest runs, that thread is busy, so the task never ticks.
    let ticker = engine.clone();
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(Duration::from_millis(10)).await;
            ticker.increment_epoch();
        }
    });
    // ANCHOR_END: mistake

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
