//! An async host function that reads store data before an `.await` and updates it after.
use std::time::Duration;
use wasmtime::{Caller, Config, Engine, Linker, Module, Store};

// `run` looks up two keys through the host and adds the answers.
const GUEST: &str = r#"
(module
  (import "host" "lookup" (func $lookup (param i32) (result i32)))
  (func (export "run") (param i32) (result i32)
    (i32.add
      (call $lookup (local.get 0))
      (call $lookup (i32.add (local.get 0) (i32.const 1))))))
"#;

struct Host {
    offset: i32,
    answers: Vec<i32>,
}

#[tokio::main]
async fn main() -> wasmtime::Result<()> {
    let mut config = Config::new();
    // Needed up to Wasmtime 41; a deprecated no-op from 42 on.
    #[allow(deprecated)]
    config.async_support(true);
    let engine = Engine::new(&config)?;
    let module = Module::new(&engine, GUEST)?;

    let mut linker: Linker<Host> = Linker::new(&engine);
    // ANCHOR: host
    linker.func_wrap_async(
        "host",
        "lookup",
        |mut caller: Caller<'_, Host>, (key,): (i32,)| {
            Box::new(async move {
                // Before the await: copy out what it needs. `offset` is an `i32`,
                // so no borrow of `caller` lives across the `.await`.
                let offset = caller.data().offset;
                tokio::time::sleep(Duration::from_millis(1)).await; // stands for real I/O
                let answer = key + offset;
                // After the await: borrow the data again, mutably this time.
                caller.data_mut().answers.push(answer);
                answer
            })
        },
    )?;
    // ANCHOR_END: host

    let mut store = Store::new(
        &engine,
        Host {
            offset: 100,
            answers: Vec::new(),
        },
    );
    let instance = linker.instantiate_async(&mut store, &module).await?;
    let run = instance.get_typed_func::<i32, i32>(&mut store, "run")?;
    println!("run(1) = {}", run.call_async(&mut store, 1).await?);
    println!("answers in the store: {:?}", store.data().answers);
    Ok(())
}
