//! The fix for a guest on a blocking thread: its store has an epoch deadline that traps, with a thread of its own advancing the epoch, so the guest stops by itself.
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;
use wasmtime::{Config, Engine, Linker, Module, Store, Trap};

// `run` calls the host's `tick` forever.
const GUEST: &str = r#"
(module
  (import "host" "tick" (func $tick))
  (func (export "run")
    (loop $forever (call $tick) (br $forever))))
"#;

#[tokio::main]
async fn main() -> wasmtime::Result<()> {
    // The watchdog: a guest still running 10 s after a 50 ms deadline was
    // not stopped. It says so and ends the process with status 2.
    std::thread::spawn(|| {
        std::thread::sleep(Duration::from_secs(10));
        println!("still running after 10 s: the deadline did not stop the guest");
        std::process::exit(2);
    });

    // ANCHOR: fix
    let mut config = Config::new();
    config.epoch_interruption(true);
    let engine = Engine::new(&config)?;
    // A thread of its own advances the epoch every 10 ms.
    let ticker = engine.clone();
    std::thread::spawn(move || loop {
        std::thread::sleep(Duration::from_millis(10));
        ticker.increment_epoch();
    });
    // ANCHOR_END: fix
    let module = Module::new(&engine, GUEST)?;
    let ticks = Arc::new(AtomicU64::new(0));
    let counter = ticks.clone();
    let mut linker: Linker<()> = Linker::new(&engine);
    linker.func_wrap("host", "tick", move || {
        counter.fetch_add(1, Ordering::Relaxed);
    })?;

    // ANCHOR: deadline
    let task = tokio::task::spawn_blocking(move || -> wasmtime::Result<()> {
        let mut store = Store::new(&engine, ());
        // Five ticks: about 50 ms. At the deadline the guest traps (the
        // default when no yield is asked for).
        store.set_epoch_deadline(5);
        let instance = linker.instantiate(&mut store, &module)?;
        let run = instance.get_typed_func::<(), ()>(&mut store, "run")?;
        run.call(&mut store, ())
    });
    let result = task.await?;
    println!(
        "the guest stopped by itself: {:?}",
        result.unwrap_err().downcast_ref::<Trap>()
    );
    // ANCHOR_END: deadline
    let before = ticks.load(Ordering::Relaxed);
    tokio::time::sleep(Duration::from_millis(100)).await;
    println!(
        "100 ms later the guest is still running: {}",
        ticks.load(Ordering::Relaxed) > before
    );
    Ok(())
}
