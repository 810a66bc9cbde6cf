//! The fix for `Handle::current()` outside the runtime: the host function is given the runtime's handle.
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
    let handle = runtime.handle().clone(); // the fix: take the handle from the runtime
    linker.func_wrap("host", "fetch", move |x: i32| {
        handle.block_on(async move { x + 1 }) // the fix: block on that handle
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
