//! Asking a store to yield every N units of fuel, then calling it with the blocking API.
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
    let engine = Engine::new(&config)?;
    let module = Module::new(&engine, GUEST)?;

    let mut store = Store::new(&engine, ());
    store.set_fuel(1_000_000)?;
    // ANCHOR: yield
    store.fuel_async_yield_interval(Some(1_000))?;
    // ANCHOR_END: yield
    println!("asked the store to yield every 1000 units of fuel");

    let instance = Linker::new(&engine).instantiate(&mut store, &module)?;
    let spin = instance.get_typed_func::<i32, ()>(&mut store, "spin")?;
    spin.call(&mut store, 10_000)?;
    println!("the guest finished");
    Ok(())
}
