//! Calling a component export twice on Wasmtime 36 to 48: `post_return` after each call, required up to 41, a no-op from 42.
use wasmtime::component::{Component, Linker};
use wasmtime::{Engine, Store};

// A component that imports `double` and exports `run`, which calls it.
const GUEST: &str = r#"
(component
  (import "double" (func $double (param "x" u32) (result u32)))
  (core module $m
    (import "host" "double" (func $double (param i32) (result i32)))
    (func (export "run") (param i32) (result i32)
      local.get 0
      call $double))
  (core func $double_lowered (canon lower (func $double)))
  (core instance $host (export "double" (func $double_lowered)))
  (core instance $i (instantiate $m (with "host" (instance $host))))
  (func (export "run") (param "x" u32) (result u32)
    (canon lift (core func $i "run"))))
"#;

fn main() -> wasmtime::Result<()> {
    let engine = Engine::default();
    let component = Component::new(&engine, GUEST)?;

    let mut linker: Linker<()> = Linker::new(&engine);
    linker
        .root()
        .func_wrap("double", |_store, (x,): (u32,)| Ok((x * 2,)))?;

    let mut store = Store::new(&engine, ());
    let instance = linker.instantiate(&mut store, &component)?;
    let run = instance.get_typed_func::<(u32,), (u32,)>(&mut store, "run")?;
    // ANCHOR: fix
    let (first,) = run.call(&mut store, (21,))?;
    // Unlocks the instance up to 41. Deprecated from 42, where it does
    // nothing: post-return runs by itself at the end of `call`.
    #[allow(deprecated)]
    run.post_return(&mut store)?;
    println!("first call: run(21) = {first}");
    let (second,) = run.call(&mut store, (5,))?;
    #[allow(deprecated)]
    run.post_return(&mut store)?;
    // ANCHOR_END: fix
    println!("second call: run(5) = {second}");
    Ok(())
}
