//! The mistake: an epoch deadline callback that yields, on a store called with the blocking API.
use wasmtime::{Config, Engine, Linker, Module, Store, UpdateDeadline};

// Counts down from its argument to zero; epoch interruption checks the
// deadline on every iteration.
const GUEST: &str = r#"
(module
  (func $spin (export "spin") (param $n i32)
    (loop $again
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br_if $again (i32.gt_s (local.get $n) (i32.const 0))))))
"#;

fn main() -> wasmtime::Result<()> {
    let mut config = Config::new();
    config.epoch_interruption(true);
    let engine = Engine::new(&config)?;
    let module = Module::new(&engine, GUEST)?;

    let mut store = Store::new(&engine, ());
    store.set_epoch_deadline(1);
    // ANCHOR: callback
    // Unlike `epoch_deadline_async_yield_and_update`, setting a callback does
    // not make the store async: nothing is checked until the callback runs.
    store.epoch_deadline_callback(|_store| Ok(UpdateDeadline::Yield(1)));
    // ANCHOR_END: callback
    println!("set a callback that yields at each epoch deadline");

    let instance = Linker::new(&engine).instantiate(&mut store, &module)?;
    let spin = instance.get_typed_func::<i32, ()>(&mut store, "spin")?;
    println!("instantiated with the blocking API");
    engine.increment_epoch(); // the deadline has now passed
                              // ANCHOR: mistake
    spin.call(&mut store, 10_000)?; // fails in the guest, at the first deadline check
                                    // ANCHOR_END: mistake
    println!("the guest finished");
    Ok(())
}
