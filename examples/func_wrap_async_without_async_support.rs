//! Defining an async host function on an engine without async support.
use wasmtime::{Engine, Linker, Module, Store};

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
    let engine = Engine::default(); // no `Config::async_support(true)`
                                    // ANCHOR_END: config
    let module = Module::new(&engine, GUEST)?;

    let mut linker = Linker::new(&engine);
    // ANCHOR: define
    linker.func_wrap_async("host", "double", |_caller, (x,): (i32,)| {
        Box::new(async move { x * 2 })
    })?;
    // ANCHOR_END: define
    println!("defined the async host function");

    let mut store = Store::new(&engine, ());
    let instance = linker.instantiate_async(&mut store, &module).await?;
    let run = instance.get_typed_func::<i32, i32>(&mut store, "run")?;
    let answer = run.call_async(&mut store, 21).await?;
    println!("run(21) = {answer}");
    Ok(())
}
