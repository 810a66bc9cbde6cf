//! Asking a store to yield when its epoch deadline passes, then calling it with the blocking API.
use wasmtime::{Config, Engine, Linker, Module, Store};

const GUEST: &str = r#"
(module
  (func (export "spin") (param $n i32)
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
    // ANCHOR: yield
    store.epoch_deadline_async_yield_and_update(1);
    // ANCHOR_END: yield
    println!("asked the store to yield at each epoch deadline");

    let instance = Linker::new(&engine).instantiate(&mut store, &module)?;
    let spin = instance.get_typed_func::<i32, ()>(&mut store, "spin")?;
    engine.increment_epoch(); // the deadline has now passed
    spin.call(&mut store, 10_000)?;
    println!("the guest finished");
    Ok(())
}
