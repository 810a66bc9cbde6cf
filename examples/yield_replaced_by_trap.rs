//! The sync fix for fuel and epoch yielding: do not yield; fuel and epoch deadlines trap instead.
use wasmtime::{Config, Engine, Linker, Module, Store};

// Counts down from its argument to zero, burning fuel on every iteration.
const GUEST: &str = r#"
(module
  (func (export "spin") (param $n i32)
    (loop $again
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br_if $again (i32.gt_s (local.get $n) (i32.const 0))))))
"#;

fn main() -> wasmtime::Result<()> {
    let mut config = Config::new();
    config.consume_fuel(true);
    config.epoch_interruption(true);
    let engine = Engine::new(&config)?;
    let module = Module::new(&engine, GUEST)?;

    let mut store = Store::new(&engine, ());
    // ANCHOR: limits
    store.set_fuel(1_000_000)?; // the fix: fuel alone, no `fuel_async_yield_interval`
    store.set_epoch_deadline(1);
    store.epoch_deadline_trap(); // the fix: trap at the deadline instead of yielding
                                 // ANCHOR_END: limits

    let instance = Linker::new(&engine).instantiate(&mut store, &module)?;
    let spin = instance.get_typed_func::<i32, ()>(&mut store, "spin")?;
    spin.call(&mut store, 10_000)?;
    println!("the guest finished within its fuel and before the deadline");

    engine.increment_epoch(); // the deadline has now passed
    let err = spin
        .call(&mut store, 10_000)
        .expect_err("the deadline has passed");
    println!(
        "after the deadline, the call traps: {:?}",
        err.downcast_ref::<wasmtime::Trap>()
    );
    Ok(())
}
