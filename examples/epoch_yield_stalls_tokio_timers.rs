//! Measured: a guest that yields at every epoch deadline with Wasmtime's own yield (`UpdateDeadline::Yield`, as `epoch_deadline_async_yield_and_update` does) on a `current_thread` runtime, and a task ticking every 10 ms.
//! Kind: demonstration
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use wasmtime::{Config, Engine, Linker, Module, Store, UpdateDeadline};

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

    // How many times the guest has yielded, and its value at each tick of a
    // task that ticks every 10 ms.
    let yields = Arc::new(AtomicU64::new(0));
    let at_ticks = Arc::new(Mutex::new(vec![0]));
    let (counted, recorder) = (yields.clone(), at_ticks.clone());
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(Duration::from_millis(10)).await;
            recorder
                .lock()
                .unwrap()
                .push(counted.load(Ordering::SeqCst));
        }
    });

    // The guest runs in a task of its own, as in a server.
    let counter = yields.clone();
    let guest = tokio::spawn(async move {
        let mut store = Store::new(&engine, ());
        store.set_epoch_deadline(1);
        // ANCHOR: yield
        // Yield to the executor at every epoch tick (1 ms here), with
        // Wasmtime's own yield: `epoch_deadline_async_yield_and_update(1)`
        // does the same without the count.
        store.epoch_deadline_callback(move |_store| {
            counter.fetch_add(1, Ordering::SeqCst);
            Ok(UpdateDeadline::Yield(1))
        });
        // ANCHOR_END: yield
        let instance = Linker::new(&engine)
            .instantiate_async(&mut store, &module)
            .await?;
        let spin = instance.get_typed_func::<(), ()>(&mut store, "spin")?;
        spin.call_async(&mut store, ()).await
    });
    tokio::time::sleep(Duration::from_millis(500)).await;
    guest.abort(); // the guest's future is dropped at its next yield

    // Each yield is about 1 ms of guest: the most yields between two ticks
    // is how long the ticker waited, counted in guest slices. Coarse
    // buckets, as for a time.
    let mut counts = at_ticks.lock().unwrap().clone();
    counts.push(yields.load(Ordering::SeqCst));
    let most = counts.windows(2).map(|w| w[1] - w[0]).max().unwrap();
    let bucket = match most {
        0..30 => "fewer than 30",
        30..50 => "30 to 49",
        _ => "50 or more",
    };
    println!("most guest yields (1 ms each) between two ticks of a 10 ms timer: {bucket}");
    Ok(())
}
