//! The other direction in the component model: `call_async` on a store whose
//! engine has no async support and whose host functions are all sync.
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

#[tokio::main]
async fn main() -> wasmtime::Result<()> {
    let engine = Engine::default(); // no async support up to 41
    let component = Component::new(&engine, GUEST)?;

    let mut linker: Linker<()> = Linker::new(&engine);
    linker
        .root()
        .func_wrap("double", |_store, (x,): (u32,)| Ok((x * 2,)))?;

    let mut store = Store::new(&engine, ());
    let instance = linker.instantiate(&mut store, &component)?;
    let run = instance.get_typed_func::<(u32,), (u32,)>(&mut store, "run")?;
    // ANCHOR: call
    let (answer,) = run.call_async(&mut store, (21,)).await?;
    // ANCHOR_END: call
    println!("run(21) = {answer}");
    Ok(())
}
