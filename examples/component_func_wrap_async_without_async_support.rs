//! Defining an async component host function on an engine without async support.
use wasmtime::component::{Component, Linker};
use wasmtime::{Engine, Store};

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
    // ANCHOR: config
    let engine = Engine::default(); // no `Config::async_support(true)`
                                    // ANCHOR_END: config
    let component = Component::new(&engine, GUEST)?;

    let mut linker: Linker<()> = Linker::new(&engine);
    // ANCHOR: define
    linker
        .root()
        .func_wrap_async("double", |_store, (x,): (u32,)| {
            Box::new(async move { Ok((x * 2,)) })
        })?;
    // ANCHOR_END: define
    println!("defined the async host function");

    let mut store = Store::new(&engine, ());
    let instance = linker.instantiate_async(&mut store, &component).await?;
    let run = instance.get_typed_func::<(u32,), (u32,)>(&mut store, "run")?;
    // ANCHOR: call
    let (answer,) = run.call_async(&mut store, (21,)).await?;
    // ANCHOR_END: call
    println!("run(21) = {answer}");
    Ok(())
}
