//! The mistake: a blocking `TypedFunc::call` to a component export lifted `async` (an `async func` in WIT).
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

fn main() -> wasmtime::Result<()> {
    let mut config = Config::new();
    config.wasm_component_model_async(true);
    config.wasm_component_model_async_stackful(true);
    let engine = Engine::new(&config)?;
    let component = Component::new(&engine, GUEST)?;
    let linker: Linker<()> = Linker::new(&engine);
    let mut store = Store::new(&engine, ());
    let instance = linker.instantiate(&mut store, &component)?;
    // ANCHOR: mistake
    let run = instance.get_typed_func::<(u32,), (u32,)>(&mut store, "run")?;
    let (answer,) = run.call(&mut store, (21,))?;
    // ANCHOR_END: mistake
    println!("run(21) = {answer}");
    Ok(())
}
