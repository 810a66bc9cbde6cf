//! The fix after a cancelled component call: drop the store and instantiate again in a new one, from an `InstancePre` made once.
use std::time::Duration;
use wasmtime::component::{Component, Linker};
use wasmtime::{Config, Engine, Store};

// A component that imports `sleep` and exports `run`, which calls it.
const GUEST: &str = r#"
(component
  (import "sleep" (func $sleep (param "ms" u32)))
  (core module $m
    (import "host" "sleep" (func $sleep (param i32)))
    (func (export "run") (param i32)
      local.get 0
      call $sleep))
  (core func $sleep_lowered (canon lower (func $sleep)))
  (core instance $host (export "sleep" (func $sleep_lowered)))
  (core instance $i (instantiate $m (with "host" (instance $host))))
  (func (export "run") (param "ms" u32)
    (canon lift (core func $i "run"))))
"#;

#[tokio::main]
async fn main() -> wasmtime::Result<()> {
    let mut config = Config::new();
    // Needed up to Wasmtime 41; a deprecated no-op from 42 on.
    #[allow(deprecated)]
    config.async_support(true);
    let engine = Engine::new(&config)?;
    let component = Component::new(&engine, GUEST)?;

    let mut linker: Linker<()> = Linker::new(&engine);
    linker
        .root()
        .func_wrap_async("sleep", |_store, (ms,): (u32,)| {
            Box::new(async move {
                tokio::time::sleep(Duration::from_millis(ms.into())).await;
                Ok(())
            })
        })?;
    // ANCHOR: pre
    // Type-checked and linked once; each instantiation from it is cheap.
    let pre = linker.instantiate_pre(&component)?;
    // ANCHOR_END: pre

    let mut store = Store::new(&engine, ());
    let instance = pre.instantiate_async(&mut store).await?;
    let run = instance.get_typed_func::<(u32,), ()>(&mut store, "run")?;
    let first = tokio::time::timeout(
        Duration::from_millis(10),
        run.call_async(&mut store, (10_000,)),
    )
    .await;
    println!(
        "first call, 10 s under a 10 ms timeout: {}",
        if first.is_err() {
            "timed out"
        } else {
            "finished"
        }
    );
    // ANCHOR: recover
    // The cancelled call's store is not used again: a new store, a new instance.
    drop(store);
    let mut store = Store::new(&engine, ());
    let instance = pre.instantiate_async(&mut store).await?;
    let run = instance.get_typed_func::<(u32,), ()>(&mut store, "run")?;
    run.call_async(&mut store, (0,)).await?;
    // ANCHOR_END: recover
    println!("second call, in a new store: finished");
    Ok(())
}
