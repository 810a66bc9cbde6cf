//! The fix for a component export lifted `async`: instantiate and call it with the `_async` entry points, awaited.
//! Wasmtime: v40-50
use wasmtime::component::{Component, Linker};
use wasmtime::{Config, Engine, Store};

// `run` is lifted `async` (a stackful task): it doubles its argument and
// hands the result to `task.return`. It imports nothing.
const GUEST: &str = r#"
(component
  (core func $task_return (canon task.return (result u32)))
  (core module $m
    (import "host" "task.return" (func $task_return (param i32)))
    (func (export "run") (param i32)
      local.get 0
      i32.const 2
      i32.mul
      call $task_return))
  (core instance $host (export "task.return" (func $task_return)))
  (core instance $i (instantiate $m (with "host" (instance $host))))
  (func (export "run") async (param "x" u32) (result u32)
    (canon lift (core func $i "run") async)))
"#;

#[tokio::main]
async fn main() -> wasmtime::Result<()> {
    let mut config = Config::new();
    // Needed up to Wasmtime 41; a deprecated no-op from 42 on.
    #[allow(deprecated)]
    config.async_support(true);
    config.wasm_component_model_async(true);
    config.wasm_component_model_async_stackful(true);
    let engine = Engine::new(&config)?;
    let component = Component::new(&engine, GUEST)?;
    let linker: Linker<()> = Linker::new(&engine);
    let mut store = Store::new(&engine, ());
    // ANCHOR: fix
    let instance = linker.instantiate_async(&mut store, &component).await?;
    let run = instance.get_typed_func::<(u32,), (u32,)>(&mut store, "run")?;
    let (answer,) = run.call_async(&mut store, (21,)).await?;
    // ANCHOR_END: fix
    println!("run(21) = {answer}");
    Ok(())
}
