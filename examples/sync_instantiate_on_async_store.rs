//! The mistake: a blocking `Linker::instantiate` when a host function is async.
use wasmtime::{Config, Engine, Linker, Module, Store};

const GUEST: &str = r#"
(module
  (import "host" "double" (func $double (param i32) (result i32)))
  (func (export "run") (param i32) (result i32)
    local.get 0
    call $double))
"#;

#[tokio::main]
async fn main() -> wasmtime::Result<()> {
    let mut config = Config::new();
    // Needed up to Wasmtime 41; a deprecated no-op from 42 on.
    #[allow(deprecated)]
    config.async_support(true);
    let engine = Engine::new(&config)?;
    let module = Module::new(&engine, GUEST)?;

    let mut linker = Linker::new(&engine);
    linker.func_wrap_async("host", "double", |_caller, (x,): (i32,)| {
        Box::new(async move { x * 2 })
    })?;

    let mut store = Store::new(&engine, ());
    // ANCHOR: instantiate
    let instance = linker.instantiate(&mut store, &module)?; // blocking instantiation
                                                             // ANCHOR_END: instantiate
    let run = instance.get_typed_func::<i32, i32>(&mut store, "run")?;
    let answer = run.call_async(&mut store, 21).await?;
    println!("run(21) = {answer}");
    Ok(())
}
