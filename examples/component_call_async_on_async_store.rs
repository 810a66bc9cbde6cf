//! The async fix in the component model: an async host function, async instantiation, and `call_async`, awaited.
use wasmtime::component::{Component, Linker};
use wasmtime::{Config, Engine, Store};

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
    // ANCHOR: config
    let mut config = Config::new();
    // Needed up to Wasmtime 41; a deprecated no-op from 42 on.
    #[allow(deprecated)]
    config.async_support(true); // an async engine: needed up to 41
    let engine = Engine::new(&config)?;
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

    let mut store = Store::new(&engine, ());
    let instance = linker.instantiate_async(&mut store, &component).await?;
    let run = instance.get_typed_func::<(u32,), (u32,)>(&mut store, "run")?;
    // ANCHOR: call
    let (answer,) = run.call_async(&mut store, (21,)).await?; // the fix: call_async, awaited
                                                              // ANCHOR_END: call
    println!("run(21) = {answer}");
    Ok(())
}
