//! The mistake: an async `Func` made directly in a store, then a blocking instantiation.
use wasmtime::{Engine, Func, Instance, Module, Store};

const GUEST: &str = r#"
(module
  (import "host" "double" (func $double (param i32) (result i32)))
  (func (export "run") (param i32) (result i32)
    local.get 0
    call $double))
"#;

fn main() -> wasmtime::Result<()> {
    let engine = Engine::default(); // no `Config::async_support(true)`
    let module = Module::new(&engine, GUEST)?;
    let mut store = Store::new(&engine, ());

    // ANCHOR: define
    // Unlike `Linker::func_wrap_async`, this puts the function in the store
    // right away: from Wasmtime 42 on, the store is async from this line.
    let double = Func::wrap_async(&mut store, |_caller, (x,): (i32,)| {
        Box::new(async move { x * 2 })
    });
    // ANCHOR_END: define
    println!("created the async host function in the store");

    // ANCHOR: mistake
    let instance = Instance::new(&mut store, &module, &[double.into()])?;
    // ANCHOR_END: mistake
    let run = instance.get_typed_func::<i32, i32>(&mut store, "run")?;
    let answer = run.call(&mut store, 21)?;
    println!("run(21) = {answer}");
    Ok(())
}
