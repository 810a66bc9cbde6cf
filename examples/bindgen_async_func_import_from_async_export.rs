//! The fix with `bindgen!`: a WIT `async func` import called from an `async func` export, whose `call_run` runs inside `run_concurrent`.
//! Wasmtime: v46-50
use std::time::Duration;
use wasmtime::component::{bindgen, Accessor, Component, HasData, Linker};
use wasmtime::{Config, Engine, Store};

// ANCHOR: bindgen
bindgen!({
    inline: "
        package guide:bindgen;

        world doubler {
            import double: async func(x: u32) -> u32; // concurrent
            export run: async func(x: u32) -> u32; // the fix: an `async func` export
        }
    ",
    // no `imports` or `exports` options: `async func` decides
});
// ANCHOR_END: bindgen

// The guest: `run` is lifted `async` without a callback (a stackful task,
// which may block); it calls `double` and hands its result to `task.return`.
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

struct Host {
    factor: u32,
}

// What the `Accessor` hands out: here the `Host` itself.
impl HasData for Host {
    type Data<'a> = &'a mut Host;
}

// ANCHOR: impl
// A concurrent import is in the `…WithStore` trait and gets an `Accessor`,
// not `&mut self`: it reaches its data with `accessor.with`, never across an
// `.await`.
impl<T> DoublerImportsWithStore<T> for Host {
    async fn double(accessor: &Accessor<T, Self>, x: u32) -> u32 {
        tokio::time::sleep(Duration::from_millis(1)).await;
        let factor = accessor.with(|mut access| access.get().factor);
        x * factor
    }
}
// ANCHOR_END: impl

// The world has no other import: the plain trait is empty.
impl DoublerImports for Host {}

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

    let mut linker: Linker<Host> = Linker::new(&engine);
    Doubler::add_to_linker::<_, Host>(&mut linker, |host| host)?;

    let mut store = Store::new(&engine, Host { factor: 2 });
    let doubler = Doubler::instantiate_async(&mut store, &component, &linker).await?;
    // ANCHOR: fix
    let answer = store
        .run_concurrent(async |accessor| doubler.call_run(accessor, 21).await) // the fix
        .await??;
    // ANCHOR_END: fix
    println!("run(21) = {answer}");
    Ok(())
}
