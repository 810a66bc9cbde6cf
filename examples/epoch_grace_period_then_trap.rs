//! A deadline with a grace period and a hard stop: at each epoch tick the guest yields to Tokio, for ten ticks, and at the eleventh it traps.
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;
use wasmtime::{Config, Engine, Linker, Module, Store, Trap, UpdateDeadline};

// `spin` loops forever.
const GUEST: &str = r#"
(module
  (func (export "spin")
    (loop $forever (br $forever))))
"#;

#[tokio::main(flavor = "current_thread")]
async fn main() -> wasmtime::Result<()> {
    // The watchdog: a guest still running 10 s after a deadline of about
    // 110 ms was not stopped. It says so and ends the process with status 2.
    std::thread::spawn(|| {
        std::thread::sleep(Duration::from_secs(10));
        println!("still running after 10 s: the hard stop did not stop the guest");
        std::process::exit(2);
    });

    let mut config = Config::new();
    // Needed up to Wasmtime 41; a deprecated no-op from 42 on.
    #[allow(deprecated)]
    config.async_support(true);
    config.epoch_interruption(true);
    let engine = Engine::new(&config)?;
    // A thread of its own advances the epoch every 10 ms.
    let ticker = engine.clone();
    std::thread::spawn(move || loop {
        std::thread::sleep(Duration::from_millis(10));
        ticker.increment_epoch();
    });
    let module = Module::new(&engine, GUEST)?;

    // Another task on the runtime's one thread: it counts its turns, which
    // it gets only while the guest yields.
    let turns = Arc::new(AtomicU64::new(0));
    let counter = turns.clone();
    tokio::spawn(async move {
        loop {
            counter.fetch_add(1, Ordering::Relaxed);
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
    });

    // ANCHOR: grace
    // The store's data counts the yields so far.
    let mut store = Store::new(&engine, 0u32);
    store.set_epoch_deadline(1);
    store.epoch_deadline_callback(|mut store| {
        let yields = store.data_mut();
        if *yields < 10 {
            // The grace period: let other tasks run, then one more tick.
            *yields += 1;
            Ok(UpdateDeadline::Yield(1))
        } else {
            // The hard stop: the guest traps, and `call_async` returns the
            // trap. `Ok(UpdateDeadline::Interrupt)` does the same where it
            // exists (not on 36); an error works on every version.
            Err(Trap::Interrupt.into())
        }
    });
    // ANCHOR_END: grace

    let instance = Linker::new(&engine)
        .instantiate_async(&mut store, &module)
        .await?;
    let spin = instance.get_typed_func::<(), ()>(&mut store, "spin")?;
    let error = spin.call_async(&mut store, ()).await.unwrap_err();
    println!("the guest yielded {} times, then trapped", store.data());
    if let Some(trap) = error.downcast_ref::<Trap>() {
        println!("the trap: {trap:?}, printed as \"{trap}\"");
    }
    println!(
        "the other task ran while the guest yielded: {}",
        turns.load(Ordering::Relaxed) > 1
    );
    Ok(())
}
