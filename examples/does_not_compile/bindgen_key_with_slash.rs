//! The mistake, caught by `bindgen!`: a per-function key with a `/` between the interface and the function.
//! Wasmtime: v39-50
use wasmtime::component::{bindgen, Component, HasSelf, Linker};
use wasmtime::{Config, Engine, Store};

bindgen!({
    inline: "
        package guide:bindgen;

        interface host {
            double: func(x: u32) -> u32;
        }

        world doubler {
            import host;
            export run: func(x: u32) -> u32;
        }
    ",
    // ANCHOR: mistake
    imports: { "guide:bindgen/host/double": async }, // the key form of 36: no rule matches
    // ANCHOR_END: mistake
    exports: { "run": async },
});

// The guest imports the `host` interface and exports `run`, which calls `double`.
const GUEST: &str = r#"
(component
  (import "guide:bindgen/host" (instance $host
    (export "double" (func (param "x" u32) (result u32)))))
  (alias export $host "double" (func $double))
  (core module $m
    (import "host" "double" (func $double (param i32) (result i32)))
    (func (export "run") (param i32) (result i32)
      local.get 0
      call $double))
  (core func $double_lowered (canon lower (func $double)))
  (core instance $host_core (export "double" (func $double_lowered)))
  (core instance $i (instantiate $m (with "host" (instance $host_core))))
  (func (export "run") (param "x" u32) (result u32)
    (canon lift (core func $i "run"))))
"#;

struct Host;

impl guide::bindgen::host::Host for Host {
    async fn double(&mut self, x: u32) -> u32 {
        tokio::task::yield_now().await;
        x * 2
    }
}

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

    let mut store = Store::new(&engine, Host);
    let doubler = Doubler::instantiate_async(&mut store, &component, &linker).await?;
    let answer = doubler.call_run(&mut store, 21).await?;
    println!("run(21) = {answer}");
    Ok(())
}
