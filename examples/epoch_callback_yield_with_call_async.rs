//! An epoch deadline callback that yields, on a store called with `call_async`.
use wasmtime::{Config, Engine, Linker, Module, Store, UpdateDeadline};

const GUEST: &str = r#"
(module
  (func $spin (export "spin") (param $n i32)
    (loop $again
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br_if $again (i32.gt_s (local.get $n) (i32.const 0))))))
"#;

#[tokio::main]
async fn main() -> wasmtime::Result<()> {
    let mut config = Config::new();
    config.epoch_interruption(true);
    // Needed up to Wasmtime 41; a deprecated no-op from 42 on.
    #[allow(deprecated)]
    config.async_support(true);
    let engine = Engine::new(&config)?;
    let module = Module::new(&engine, GUEST)?;

    // The store's data counts the yields.
    let mut store = Store::new(&engine, 0u32);
    store.set_epoch_deadline(1);
    store.epoch_deadline_callback(|mut store| {
        *store.data_mut() += 1;
        Ok(UpdateDeadline::Yield(1))
    });
    println!("set a callback that yields at each epoch deadline");

    // ANCHOR: fix
    let instance = Linker::new(&engine)
        .instantiate_async(&mut store, &module)
        .await?;
    let spin = instance.get_typed_func::<i32, ()>(&mut store, "spin")?;
    engine.increment_epoch(); // the deadline has now passed
    spin.call_async(&mut store, 10_000).await?; // yields to Tokio, then resumes
                                                // ANCHOR_END: fix
    println!("the guest finished after yielding {} time(s)", store.data());
    Ok(())
}
