//! The fix with `bindgen!`: async imports with a host type (the store's data) that shares its state through an `Arc`, so it is `Send`.
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use wasmtime::component::{bindgen, Component, HasSelf, Linker};
use wasmtime::{Config, Engine, Store};

bindgen!({
    inline: "
        package guide:bindgen;

        world doubler {
            import double: func(x: u32) -> u32;
            export run: func(x: u32) -> u32;
        }
    ",
    imports: { default: async },
    exports: { default: async },
});

// The guest: `run` calls the imported `double`.
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

// ANCHOR: fix
struct Host {
    calls: Arc<AtomicU32>, // the fix: `Arc` and an atomic are `Send`
}

impl DoublerImports for Host {
    async fn double(&mut self, x: u32) -> u32 {
        self.calls.fetch_add(1, Ordering::Relaxed);
        tokio::task::yield_now().await;
        x * 2
    }
}
// ANCHOR_END: fix

#[tokio::main]
async fn main() -> wasmtime::Result<()> {
    let mut config = Config::new();
    // Needed up to Wasmtime 41; a deprecated no-op from 42 on.
    #[allow(deprecated)]
    config.async_support(true);
    let engine = Engine::new(&config)?;
    let component = Component::new(&engine, GUEST)?;

    let mut linker: Linker<Host> = Linker::new(&engine);
    Doubler::add_to_linker::<_, HasSelf<_>>(&mut linker, |host| host)?;

    let calls = Arc::new(AtomicU32::new(0));
    let host = Host {
        calls: calls.clone(),
    };
    let mut store = Store::new(&engine, host);
    let doubler = Doubler::instantiate_async(&mut store, &component, &linker).await?;
    let answer = doubler.call_run(&mut store, 21).await?;
    println!(
        "run(21) = {answer}, `double` called {} time(s)",
        calls.load(Ordering::Relaxed)
    );
    Ok(())
}
