//! The fix: an async store is called with `call_async(...).await`.
use wasmtime::{Config, Engine, Linker, Module, Store};

// The guest calls the host's `double` and returns its result.
const GUEST: &str = r#"
(module
  (import "host" "double" (func $double (param i32) (result i32)))
  (func (export "run") (param i32) (result i32)
    local.get 0
    call $double))
"#;

#[tokio::main]
async fn main() -> wasmtime::Result<()> {
    // ANCHOR: config
    let mut config = Config::new();
    // Needed up to Wasmtime 41; a deprecated no-op from 42 on.
    #[allow(deprecated)]
    config.async_support(true); // an async engine: needed up to 41
    let engine = Engine::new(&config)?;
    // ANCHOR_END: config
    let module = Module::new(&engine, GUEST)?;

    let mut linker = Linker::new(&engine);
    // An async host function: from Wasmtime 42 on, instantiating a module
    // that imports it is what makes the store async.
    linker.func_wrap_async("host", "double", |_caller, (x,): (i32,)| {
        Box::new(async move { x * 2 })
    })?;

    let mut store = Store::new(&engine, ());
    // ANCHOR: instantiate
    let instance = linker.instantiate_async(&mut store, &module).await?; // the instantiation fix: instantiate_async, awaited
                                                                         // ANCHOR_END: instantiate
    let run = instance.get_typed_func::<i32, i32>(&mut store, "run")?;

    // ANCHOR: call
    let answer = run.call_async(&mut store, 21).await?; // the fix: call_async, awaited
                                                        // ANCHOR_END: call
    println!("run(21) = {answer}");
    Ok(())
}
