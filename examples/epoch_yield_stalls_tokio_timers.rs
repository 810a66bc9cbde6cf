//! Measured: a guest that yields at every epoch deadline (`epoch_deadline_async_yield_and_update`) on a `current_thread` runtime, and a task ticking every 10 ms.
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use wasmtime::{Config, Engine, Linker, Module, Store};

// `spin` loops forever.
const GUEST: &str = r#"
(module
  (func (export "spin")
    (loop $forever (br $forever))))
"#;

#[tokio::main(flavor = "current_thread")]
async fn main() -> wasmtime::Result<()> {
    let mut config = Config::new();
    // Needed up to Wasmtime 41; a deprecated no-op from 42 on.
    #[allow(deprecated)]
    config.async_support(true);
    config.epoch_interruption(true);
    let engine = Engine::new(&config)?;
    let module = Module::new(&engine, GUEST)?;
    let ticker = engine.clone();
    std::thread::spawn(move || loop {
        std::thread::sleep(Duration::from_millis(1));
        ticker.increment_epoch();
    });

    // A task that records the time every 10 ms while the guest runs.
    let ticks = Arc::new(Mutex::new(Vec::new()));
    let recorder = ticks.clone();
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(Duration::from_millis(10)).await;
            recorder.lock().unwrap().push(Instant::now());
        }
    });

    // The guest runs in a task of its own, as in a server.
    let start = Instant::now();
    let guest = tokio::spawn(async move {
        let mut store = Store::new(&engine, ());
        // ANCHOR: yield
        // Yield to the executor at every epoch tick (1 ms here).
        store.epoch_deadline_async_yield_and_update(1);
        // ANCHOR_END: yield
        let instance = Linker::new(&engine)
            .instantiate_async(&mut store, &module)
            .await?;
        let spin = instance.get_typed_func::<(), ()>(&mut store, "spin")?;
        spin.call_async(&mut store, ()).await
    });
    tokio::time::sleep(Duration::from_millis(500)).await;
    guest.abort(); // the guest's future is dropped at its next yield
    let end = Instant::now();

    // The longest time without a tick while the guest ran. Coarse buckets:
    // the exact number varies from run to run.
    let mut times = vec![start];
    times.extend(
        ticks
            .lock()
            .unwrap()
            .iter()
            .filter(|t| **t > start && **t < end),
    );
    times.push(end);
    let longest = times.windows(2).map(|w| w[1] - w[0]).max().unwrap();
    let bucket = match longest.as_millis() {
        0..30 => "under 30 ms",
        30..50 => "between 30 and 50 ms",
        _ => "at least 50 ms",
    };
    println!("longest gap between 10 ms ticks while the guest ran for 500 ms: {bucket}");
    Ok(())
}
