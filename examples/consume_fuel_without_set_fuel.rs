//! Fuel switched on and none given: a store starts with no fuel, so the guest traps at once.
use wasmtime::{Config, Engine, Instance, Module, Store};

// `count` counts to ten in a loop and returns 10.
const GUEST: &str = r#"
(module
  (func (export "count") (result i32) (local $n i32)
    (loop $again
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (br_if $again (i32.lt_s (local.get $n) (i32.const 10))))
    (local.get $n)))
"#;

fn main() -> wasmtime::Result<()> {
    // ANCHOR: mistake
    let mut config = Config::new();
    config.consume_fuel(true);
    let engine = Engine::new(&config)?;
    let module = Module::new(&engine, GUEST)?;
    // The mistake: no `store.set_fuel(…)`.
    let mut store = Store::new(&engine, ());
    // ANCHOR_END: mistake
    let instance = Instance::new(&mut store, &module, &[])?;
    let count = instance.get_typed_func::<(), i32>(&mut store, "count")?;
    println!("count returned {}", count.call(&mut store, ())?);
    Ok(())
}
