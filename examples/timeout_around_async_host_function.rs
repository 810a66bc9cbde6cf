//! The fix: the host function awaits its work, so the call returns `Pending` while it waits and `tokio::time::timeout` fires on time.
use std::time::Duration;
use wasmtime::{Config, Engine, Linker, Module, Store};

// `run` calls the host's `work`.
const GUEST: &str = r#"
(module
  (import "host" "work" (func $work))
  (func (export "run") call $work))
"#;

#[tokio::main]
async fn main() -> wasmtime::Result<()> {
    // The watchdog: still running 10 s after a 10 ms timeout means the
    // timeout never fired. It says so and ends the process with status 2.
    std::thread::spawn(|| {
        std::thread::sleep(Duration::from_secs(10));
        println!("still running after 10 s: the 10 ms timeout never fired");
        std::process::exit(2);
    });

    let mut config = Config::new();
    // Needed up to Wasmtime 41; a deprecated no-op from 42 on.
    #[allow(deprecated)]
    config.async_support(true);
    let engine = Engine::new(&config)?;
    let module = Module::new(&engine, GUEST)?;

    let mut linker: Linker<()> = Linker::new(&engine);
    // ANCHOR: fix
    // The fix: an async host function that awaits its 5 s of work.
    linker.func_wrap_async("host", "work", |_caller, (): ()| {
        Box::new(async {
            tokio::time::sleep(Duration::from_secs(5)).await;
        })
    })?;
    // ANCHOR_END: fix

    let mut store = Store::new(&engine, ());
    let instance = linker.instantiate_async(&mut store, &module).await?;
    let run = instance.get_typed_func::<(), ()>(&mut store, "run")?;
    match tokio::time::timeout(Duration::from_millis(10), run.call_async(&mut store, ())).await {
        Err(elapsed) => println!("the timeout fired: {elapsed}"),
        Ok(result) => println!("run returned {result:?}"),
    }
    Ok(())
}
