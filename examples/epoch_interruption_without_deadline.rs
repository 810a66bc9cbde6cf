//! Epoch interruption switched on and no deadline set: the store's deadline is epoch 0, so the guest traps at its first epoch check.
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
    config.epoch_interruption(true);
    let engine = Engine::new(&config)?;
    let module = Module::new(&engine, GUEST)?;
    // The mistake: no `store.set_epoch_deadline(…)`.
    let mut store = Store::new(&engine, ());
    // ANCHOR_END: mistake
    let instance = Instance::new(&mut store, &module, &[])?;
    let count = instance.get_typed_func::<(), i32>(&mut store, "count")?;
    println!("count returned {}", count.call(&mut store, ())?);
    Ok(())
}
