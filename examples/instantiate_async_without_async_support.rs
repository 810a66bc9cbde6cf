//! `instantiate_async` on a store that never asked for async support.
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
    linker.func_wrap("host", "double", |x: i32| x * 2)?;

    let mut store = Store::new(&engine, ());
    // ANCHOR: instantiate
    let instance = linker.instantiate_async(&mut store, &module).await?;
    // ANCHOR_END: instantiate
    let run = instance.get_typed_func::<i32, i32>(&mut store, "run")?;
    let answer = run.call(&mut store, 21)?;
    println!("run(21) = {answer}");
    Ok(())
}
