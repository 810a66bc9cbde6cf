//! The mistake: a `tokio::time::timeout` around a `spawn_blocking` task that runs a guest; the timeout fires, but nothing stops the guest, and the runtime waits for it when the program ends.
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;
use wasmtime::{Engine, Linker, Module, Store};

// `run` calls the host's `tick` forever.
const GUEST: &str = r#"
(module
  (import "host" "tick" (func $tick))
  (func (export "run")
    (loop $forever (call $tick) (br $forever))))
"#;

#[tokio::main]
async fn main() -> wasmtime::Result<()> {
    let engine = Engine::default();
    let module = Module::new(&engine, GUEST)?;
    let ticks = Arc::new(AtomicU64::new(0));
    let counter = ticks.clone();
    let mut linker: Linker<()> = Linker::new(&engine);
    linker.func_wrap("host", "tick", move || {
        counter.fetch_add(1, Ordering::Relaxed);
    })?;
    let mut store = Store::new(&engine, ());
    let instance = linker.instantiate(&mut store, &module)?;
    let run = instance.get_typed_func::<(), ()>(&mut store, "run")?;

    // ANCHOR: mistake
    // The mistake: the timeout can drop the task's `JoinHandle`, not the
    // task. A task on the blocking pool cannot be aborted once it runs.
    let task = tokio::task::spawn_blocking(move || run.call(&mut store, ()));
    match tokio::time::timeout(Duration::from_millis(10), task).await {
        Err(elapsed) => println!("the timeout fired: {elapsed}"),
        Ok(result) => println!("run returned {result:?}"),
    }
    // ANCHOR_END: mistake
    let before = ticks.load(Ordering::Relaxed);
    tokio::time::sleep(Duration::from_millis(100)).await;
    println!(
        "100 ms later the guest is still running: {}",
        ticks.load(Ordering::Relaxed) > before
    );

    // The watchdog: `main` returns below, and the runtime then waits for
    // the blocking task, which never ends. Still running 1 s later, the
    // watchdog says so and ends the process with status 2.
    std::thread::spawn(|| {
        std::thread::sleep(Duration::from_secs(1));
        println!("still running 1000 ms after main returned: the runtime waits for the guest");
        std::process::exit(2);
    });
    Ok(())
}
