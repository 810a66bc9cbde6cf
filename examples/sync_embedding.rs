//! A complete sync embedding: no Tokio, no async, blocking calls throughout.
use wasmtime::{Engine, Linker, Module, Store};

const GUEST: &str = r#"
(module
  (import "host" "log" (func $log (param i32)))
  (func (export "run") (param i32) (result i32)
    local.get 0
    call $log
    local.get 0
    i32.const 1
    i32.add))
"#;

fn main() -> wasmtime::Result<()> {
    let engine = Engine::default();
    let module = Module::new(&engine, GUEST)?;

    let mut linker: Linker<()> = Linker::new(&engine);
    linker.func_wrap("host", "log", |x: i32| println!("guest says {x}"))?;

    let mut store = Store::new(&engine, ());
    let instance = linker.instantiate(&mut store, &module)?;
    let run = instance.get_typed_func::<i32, i32>(&mut store, "run")?;
    let answer = run.call(&mut store, 41)?;
    println!("run(41) = {answer}");
    Ok(())
}
