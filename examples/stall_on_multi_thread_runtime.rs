//! Measured: on a multi-thread runtime, an async host function that blocks its worker for 200 ms, and a task ticking every 10 ms.
//! Kind: demonstration
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use wasmtime::{Config, Engine, Linker, Module, Store};

const GUEST: &str = r#"
(module
  (import "host" "wait" (func $wait))
  (func (export "run") call $wait))
"#;

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> wasmtime::Result<()> {
    // A task that records the time every 10 ms while the guest runs.
    let ticks = Arc::new(Mutex::new(Vec::new()));
    let recorder = ticks.clone();
    let ticker = tokio::spawn(async move {
        loop {
            tokio::time::sleep(Duration::from_millis(10)).await;
            recorder.lock().unwrap().push(Instant::now());
        }
    });
    tokio::time::sleep(Duration::from_millis(50)).await; // let it start ticking

    let mut config = Config::new();
    // Needed up to Wasmtime 41; a deprecated no-op from 42 on.
    #[allow(deprecated)]
    config.async_support(true);
    let engine = Engine::new(&config)?;
    let module = Module::new(&engine, GUEST)?;
    let mut linker: Linker<()> = Linker::new(&engine);
    // ANCHOR: host
    linker.func_wrap_async("host", "wait", |_caller, (): ()| {
        Box::new(async {
            std::thread::sleep(Duration::from_millis(200)); // blocks one worker
        })
    })?;
    // ANCHOR_END: host

    // The guest runs in a task, on a worker thread, as in a server.
    let start = Instant::now();
    let guest = tokio::spawn(async move {
        let mut store = Store::new(&engine, ());
        let instance = linker.instantiate_async(&mut store, &module).await?;
        let run = instance.get_typed_func::<(), ()>(&mut store, "run")?;
        run.call_async(&mut store, ()).await
    });
    guest.await.expect("the guest task did not panic")?;
    let end = Instant::now();
    ticker.abort();

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
        0..100 => "under 100 ms",
        100..150 => "between 100 and 150 ms",
        _ => "at least 150 ms",
    };
    println!("longest gap between ticks while the guest blocked a worker for 200 ms: {bucket}");
    Ok(())
}
