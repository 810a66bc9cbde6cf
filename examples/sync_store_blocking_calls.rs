//! The sync fix: a host function that does not await, so the store stays sync and the blocking calls are right.
use wasmtime::{Engine, Linker, Module, Store};

// The guest calls the host's `double` and returns its result.
const GUEST: &str = r#"
(module
  (import "host" "double" (func $double (param i32) (result i32)))
  (func (export "run") (param i32) (result i32)
    local.get 0
    call $double))
"#;

fn main() -> wasmtime::Result<()> {
    // ANCHOR: fix
    // ANCHOR: config
    let engine = Engine::default(); // the fix: no `async_support(true)`
                                    // ANCHOR_END: config
    let module = Module::new(&engine, GUEST)?;

    let mut linker = Linker::new(&engine);
    // ANCHOR: host
    linker.func_wrap("host", "double", |x: i32| x * 2)?; // the fix: a sync host function
                                                         // ANCHOR_END: host

    let mut store = Store::new(&engine, ());
    // ANCHOR: instantiate
    let instance = linker.instantiate(&mut store, &module)?; // the fix: blocking instantiation
                                                             // ANCHOR_END: instantiate
    let run = instance.get_typed_func::<i32, i32>(&mut store, "run")?;
    // ANCHOR: call
    let answer = run.call(&mut store, 21)?; // the fix: blocking call, no `.await`
                                            // ANCHOR_END: call
                                            // ANCHOR_END: fix
    println!("run(21) = {answer}");
    Ok(())
}
