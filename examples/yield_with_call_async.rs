//! The async fix for fuel and epoch yielding: an async store, driven with `instantiate_async` and `call_async`.
use wasmtime::{Config, Engine, Linker, Module, Store};

// Counts down from its argument to zero, burning fuel on every iteration.
const GUEST: &str = r#"
(module
  (func (export "spin") (param $n i32)
    (loop $again
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br_if $again (i32.gt_s (local.get $n) (i32.const 0))))))
"#;

#[tokio::main]
async fn main() -> wasmtime::Result<()> {
    let mut config = Config::new();
    config.consume_fuel(true);
    config.epoch_interruption(true);
    // ANCHOR: config
    // Needed up to Wasmtime 41; a deprecated no-op from 42 on.
    #[allow(deprecated)]
    config.async_support(true); // the fix, up to 41: an async engine
                                // ANCHOR_END: config
    let engine = Engine::new(&config)?;
    let module = Module::new(&engine, GUEST)?;

    let mut store = Store::new(&engine, ());
    store.set_fuel(1_000_000)?;
    store.fuel_async_yield_interval(Some(1_000))?;
    store.set_epoch_deadline(1);
    store.epoch_deadline_async_yield_and_update(1);
    println!("asked the store to yield every 1000 units of fuel and at each epoch deadline");

    // ANCHOR: run
    let instance = Linker::new(&engine)
        .instantiate_async(&mut store, &module)
        .await?; // the fix: instantiate_async
    let spin = instance.get_typed_func::<i32, ()>(&mut store, "spin")?;
    engine.increment_epoch(); // the deadline has now passed
    spin.call_async(&mut store, 10_000).await?; // the fix: call_async, awaited
                                                // ANCHOR_END: run
    println!("the guest finished");
    Ok(())
}
