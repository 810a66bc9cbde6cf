//! `call_async` on a store that never asked for async support.
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
    let engine = Engine::default(); // no `Config::async_support(true)`
    let module = Module::new(&engine, GUEST)?;

    let mut linker = Linker::new(&engine);
    linker.func_wrap("host", "double", |x: i32| x * 2)?; // a sync host function

    let mut store = Store::new(&engine, ());
    let instance = linker.instantiate(&mut store, &module)?;
    let run = instance.get_typed_func::<i32, i32>(&mut store, "run")?;

    // ANCHOR: call
    let answer = run.call_async(&mut store, 21).await?;
    // ANCHOR_END: call
    println!("run(21) = {answer}");
    Ok(())
}
