//! Store data that is `Send`: owned fields, plus an `Arc<Mutex<..>>` that stores on spawned tasks share.
use std::sync::{Arc, Mutex};
use wasmtime::{Caller, Config, Engine, Linker, Module, Store};

// `run` reports its argument to the host twice.
const GUEST: &str = r#"
(module
  (import "host" "record" (func $record (param i32)))
  (func (export "run") (param i32)
    local.get 0
    call $record
    local.get 0
    call $record))
"#;

// ANCHOR: data
/// The `T` of `Store<T>`. Every field is `Send`, so `Store<Host>` is `Send`.
struct Host {
    name: String,                 // owned by this store alone
    calls: u32,                   // owned by this store alone
    log: Arc<Mutex<Vec<String>>>, // shared with the other stores
}
// ANCHOR_END: data

#[tokio::main]
async fn main() -> wasmtime::Result<()> {
    let mut config = Config::new();
    // Needed up to Wasmtime 41; a deprecated no-op from 42 on.
    #[allow(deprecated)]
    config.async_support(true);
    let engine = Engine::new(&config)?;
    let module = Module::new(&engine, GUEST)?;

    let mut linker: Linker<Host> = Linker::new(&engine);
    linker.func_wrap("host", "record", |mut caller: Caller<'_, Host>, x: i32| {
        let host = caller.data_mut();
        host.calls += 1;
        host.log
            .lock()
            .unwrap()
            .push(format!("{} recorded {x}", host.name));
    })?;

    let log = Arc::new(Mutex::new(Vec::new()));
    let mut tasks = Vec::new();
    for (name, arg) in [("first", 1), ("second", 2)] {
        let (engine, module, linker) = (engine.clone(), module.clone(), linker.clone());
        let host = Host {
            name: name.to_string(),
            calls: 0,
            log: log.clone(),
        };
        // ANCHOR: spawn
        // `tokio::spawn` needs a `Send` future, and this one owns a `Store<Host>`.
        tasks.push(tokio::spawn(async move {
            let mut store = Store::new(&engine, host);
            let instance = linker.instantiate_async(&mut store, &module).await?;
            let run = instance.get_typed_func::<i32, ()>(&mut store, "run")?;
            run.call_async(&mut store, arg).await?;
            let host = store.into_data();
            wasmtime::Result::<String>::Ok(format!("{}: {} calls", host.name, host.calls))
        }));
        // ANCHOR_END: spawn
    }
    for task in tasks {
        println!("{}", task.await??);
    }

    // The two tasks ran concurrently: sort the shared log before printing it.
    let mut lines = log.lock().unwrap().clone();
    lines.sort();
    println!("shared log: {lines:?}");
    Ok(())
}
