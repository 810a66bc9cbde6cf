//! Fuel in slices: the guest yields to Tokio after every 10,000 units of fuel, and traps when its 1,000,000 are spent.
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;
use wasmtime::{Config, Engine, Linker, Module, Store, Trap};

// `spin` loops forever.
const GUEST: &str = r#"
(module
  (func (export "spin")
    (loop $forever (br $forever))))
"#;

#[tokio::main(flavor = "current_thread")]
async fn main() -> wasmtime::Result<()> {
    // The watchdog: a guest still running 10 s after its fuel should have
    // run out was not stopped. It says so and ends the process with status 2.
    std::thread::spawn(|| {
        std::thread::sleep(Duration::from_secs(10));
        println!("still running after 10 s: running out of fuel did not stop the guest");
        std::process::exit(2);
    });

    let mut config = Config::new();
    // Needed up to Wasmtime 41; a deprecated no-op from 42 on.
    #[allow(deprecated)]
    config.async_support(true);
    config.consume_fuel(true);
    let engine = Engine::new(&config)?;
    let module = Module::new(&engine, GUEST)?;

    // Another task on the runtime's one thread: it counts its turns, which
    // it gets only while the guest yields.
    let turns = Arc::new(AtomicU64::new(0));
    let counter = turns.clone();
    tokio::spawn(async move {
        loop {
            counter.fetch_add(1, Ordering::Relaxed);
            tokio::task::yield_now().await;
        }
    });

    // ANCHOR: slices
    let mut store = Store::new(&engine, ());
    // The hard stop: all the fuel the guest gets.
    store.set_fuel(1_000_000)?;
    // The slices: yield to the executor after every 10,000 units.
    store.fuel_async_yield_interval(Some(10_000))?;
    // ANCHOR_END: slices

    let instance = Linker::new(&engine)
        .instantiate_async(&mut store, &module)
        .await?;
    let spin = instance.get_typed_func::<(), ()>(&mut store, "spin")?;
    let error = spin.call_async(&mut store, ()).await.unwrap_err();
    println!("fuel left: {}", store.get_fuel()?);
    if let Some(trap) = error.downcast_ref::<Trap>() {
        println!("the trap: {trap:?}, printed as \"{trap}\"");
    }
    println!(
        "the other task ran while the guest yielded: {}",
        turns.load(Ordering::Relaxed) > 1
    );
    Ok(())
}
