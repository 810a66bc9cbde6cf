//! The mistake: a host function asks for Tokio's handle on a thread Tokio does not know.
use wasmtime::{Engine, Linker, Module, Store};

const GUEST: &str = r#"
(module
  (import "host" "fetch" (func $fetch (param i32) (result i32)))
  (func (export "run") (param i32) (result i32)
    local.get 0
    call $fetch))
"#;

fn main() -> wasmtime::Result<()> {
    let runtime = tokio::runtime::Runtime::new()?; // exists, but not entered here

    let engine = Engine::default();
    let module = Module::new(&engine, GUEST)?;
    let mut linker: Linker<()> = Linker::new(&engine);
    // ANCHOR: host
    linker.func_wrap("host", "fetch", |x: i32| {
        tokio::runtime::Handle::current().block_on(async move { x + 1 })
    })?;
    // ANCHOR_END: host

    let mut store = Store::new(&engine, ());
    let instance = linker.instantiate(&mut store, &module)?;
    let run = instance.get_typed_func::<i32, i32>(&mut store, "run")?;
    let answer = run.call(&mut store, 41)?;
    println!("run(41) = {answer}");
    drop(runtime);
    Ok(())
}
