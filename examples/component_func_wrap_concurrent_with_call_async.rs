//! The fix for component-model async: a concurrent host function on an async engine, with `instantiate_async` and `call_async`, awaited.
//! Wasmtime: v40-50
use std::time::Duration;
use wasmtime::component::{Component, Linker};
use wasmtime::{Config, Engine, Store};

// A component whose import and export are `async` functions (component-model
// async). `run` is lifted `async` without a callback (a stackful task, which
// may block); it calls `double` and hands its result to `task.return`.
const GUEST: &str = r#"
(component
  (import "double" (func $double async (param "x" u32) (result u32)))
  (core func $double_lowered (canon lower (func $double)))
  (core func $task_return (canon task.return (result u32)))
  (core module $m
    (import "host" "double" (func $double (param i32) (result i32)))
    (import "host" "task.return" (func $task_return (param i32)))
    (func (export "run") (param i32)
      local.get 0
      call $double
      call $task_return))
  (core instance $host
    (export "double" (func $double_lowered))
    (export "task.return" (func $task_return)))
  (core instance $i (instantiate $m (with "host" (instance $host))))
  (func (export "run") async (param "x" u32) (result u32)
    (canon lift (core func $i "run") async)))
"#;

#[tokio::main]
async fn main() -> wasmtime::Result<()> {
    // ANCHOR: config
    let mut config = Config::new();
    // Needed up to Wasmtime 41; a deprecated no-op from 42 on.
    #[allow(deprecated)]
    config.async_support(true);
    config.wasm_component_model_async(true);
    config.wasm_component_model_async_stackful(true);
    let engine = Engine::new(&config)?;
    // ANCHOR_END: config

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
    let run = instance.get_typed_func::<(u32,), (u32,)>(&mut store, "run")?;
    let (answer,) = run.call_async(&mut store, (21,)).await?;
    // ANCHOR_END: call
    println!("run(21) = {answer}");
    Ok(())
}
