//! A component `call_async` cancelled by a timeout, then a second call on the same instance.
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

    let mut store = Store::new(&engine, ());
    let instance = linker.instantiate_async(&mut store, &component).await?;
    let run = instance.get_typed_func::<(u32,), ()>(&mut store, "run")?;
    // ANCHOR: cancel
    // The timeout drops the call's future while the guest waits in `sleep`:
    // the call never reaches its end, nor post-return.
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
    run.call_async(&mut store, (0,)).await?;
    // ANCHOR_END: cancel
    println!("second call: finished");
    Ok(())
}
