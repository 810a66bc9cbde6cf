//! The other mistake with component-model async: `func_wrap_concurrent` for an import that is a plain (not `async`) function, on an async engine.
use std::time::Duration;
use wasmtime::component::{Component, Linker};
use wasmtime::{Config, Engine, Store};

// A component that imports `double` and exports `run`, which calls it. Both
// are plain functions, as every WIT function was before component-model async.
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
    let mut config = Config::new();
    // Needed up to Wasmtime 41; a deprecated no-op from 42 on.
    #[allow(deprecated)]
    config.async_support(true);
    let engine = Engine::new(&config)?;

    let mut linker: Linker<()> = Linker::new(&engine);
    // ANCHOR: define
    linker
        .root()
        .func_wrap_concurrent("double", |_accessor, (x,): (u32,)| {
            Box::pin(async move {
                tokio::time::sleep(Duration::from_millis(1)).await;
                Ok((x * 2,))
            })
        })?;
    // ANCHOR_END: define

    let component = Component::new(&engine, GUEST)?;
    let mut store = Store::new(&engine, ());
    // ANCHOR: call
    let instance = linker.instantiate_async(&mut store, &component).await?;
    // ANCHOR_END: call
    let run = instance.get_typed_func::<(u32,), (u32,)>(&mut store, "run")?;
    let (answer,) = run.call_async(&mut store, (21,)).await?;
    println!("run(21) = {answer}");
    Ok(())
}
