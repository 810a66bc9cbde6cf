//! Cancelling a guest that loops forever: epoch yields let `tokio::time::timeout` drop the call.
use std::time::Duration;
use wasmtime::{Config, Engine, Linker, Module, Store};

// `spin` sets `busy` and loops forever; it never gets to clear `busy`.
const GUEST: &str = r#"
(module
  (global $busy (mut i32) (i32.const 0))
  (func (export "spin")
    (global.set $busy (i32.const 1))
    (loop $forever (br $forever))
    (global.set $busy (i32.const 0)))
  (func (export "busy") (result i32) (global.get $busy))
  (func (export "answer") (result i32) (i32.const 42)))
"#;

#[tokio::main]
async fn main() -> wasmtime::Result<()> {
    // ANCHOR: setup
    let mut config = Config::new();
    // Needed up to Wasmtime 41; a deprecated no-op from 42 on.
    #[allow(deprecated)]
    config.async_support(true);
    config.epoch_interruption(true);
    let engine = Engine::new(&config)?;
    let module = Module::new(&engine, GUEST)?;

    let mut store = Store::new(&engine, ());
    // At the next epoch tick, yield to the executor; then keep going until
    // the tick after, and so on.
    store.set_epoch_deadline(1);
    store.epoch_deadline_async_yield_and_update(1);

    // A plain thread ticks the epoch every 10 ms for as long as the program runs.
    let ticker = engine.clone();
    std::thread::spawn(move || loop {
        std::thread::sleep(Duration::from_millis(10));
        ticker.increment_epoch();
    });
    // ANCHOR_END: setup

    let instance = Linker::new(&engine)
        .instantiate_async(&mut store, &module)
        .await?;
    let spin = instance.get_typed_func::<(), ()>(&mut store, "spin")?;
    let busy = instance.get_typed_func::<(), i32>(&mut store, "busy")?;
    let answer = instance.get_typed_func::<(), i32>(&mut store, "answer")?;

    // ANCHOR: timeout
    let limit = Duration::from_millis(100);
    match tokio::time::timeout(limit, spin.call_async(&mut store, ())).await {
        Ok(result) => println!("spin returned {result:?}"),
        Err(elapsed) => println!("spin was cancelled: {elapsed}"),
    }
    // ANCHOR_END: timeout

    // ANCHOR: after
    // The store and the instance are still usable...
    println!("answer() = {}", answer.call_async(&mut store, ()).await?);
    // ...and the guest's state is where the cancelled call left it.
    println!("busy() = {}", busy.call_async(&mut store, ()).await?);
    // Cancelling works again on the same store.
    match tokio::time::timeout(limit, spin.call_async(&mut store, ())).await {
        Ok(result) => println!("spin returned {result:?}"),
        Err(elapsed) => println!("spin was cancelled again: {elapsed}"),
    }
    // ANCHOR_END: after
    Ok(())
}
