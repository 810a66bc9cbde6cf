//! Without epoch yields, `tokio::time::timeout` cannot stop a guest: the call never returns `Pending`.
//! Kind: demonstration
use std::time::Duration;
use wasmtime::{Config, Engine, Linker, Module, Store, Trap};

// `spin` loops forever.
const GUEST: &str = r#"
(module
  (func (export "spin")
    (loop $forever (br $forever))))
"#;

#[tokio::main]
async fn main() -> wasmtime::Result<()> {
    let mut config = Config::new();
    // Needed up to Wasmtime 41; a deprecated no-op from 42 on.
    #[allow(deprecated)]
    config.async_support(true);
    config.epoch_interruption(true);
    let engine = Engine::new(&config)?;
    let module = Module::new(&engine, GUEST)?;

    let mut store = Store::new(&engine, ());
    // ANCHOR: deadline
    // No yielding: the default at an epoch deadline is a trap. Five ticks of
    // 10 ms are far longer than the 10 ms timeout below.
    store.set_epoch_deadline(5);
    // ANCHOR_END: deadline

    let ticker = engine.clone();
    std::thread::spawn(move || loop {
        std::thread::sleep(Duration::from_millis(10));
        ticker.increment_epoch();
    });

    let instance = Linker::new(&engine)
        .instantiate_async(&mut store, &module)
        .await?;
    let spin = instance.get_typed_func::<(), ()>(&mut store, "spin")?;

    // ANCHOR: timeout
    match tokio::time::timeout(Duration::from_millis(10), spin.call_async(&mut store, ())).await {
        Err(elapsed) => println!("the timeout fired: {elapsed}"),
        Ok(Ok(())) => println!("spin returned"),
        Ok(Err(e)) => println!(
            "the timeout never fired; the call ended with {:?}",
            e.downcast_ref::<Trap>()
        ),
    }
    // ANCHOR_END: timeout
    Ok(())
}
