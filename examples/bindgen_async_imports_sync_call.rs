//! The mistake with `bindgen!`: async imports with sync exports, so the generated `call_run` is a blocking call on an async store.
use wasmtime::component::{bindgen, Component, HasSelf, Linker};
use wasmtime::{Config, Engine, Store};

// ANCHOR: bindgen
bindgen!({
    inline: "
        package guide:bindgen;

        world doubler {
            import double: func(x: u32) -> u32;
            export run: func(x: u32) -> u32;
        }
    ",
    imports: { default: async }, // the host's `double` is an `async fn`
    // no `exports`: the generated `call_run` blocks
});
// ANCHOR_END: bindgen

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

struct Host;

impl DoublerImports for Host {
    async fn double(&mut self, x: u32) -> u32 {
        tokio::task::yield_now().await; // an import that awaits
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
    // ANCHOR: mistake
    // the mistake: a blocking call on an async store
    let answer = doubler.call_run(&mut store, 21)?;
    // ANCHOR_END: mistake
    println!("run(21) = {answer}");
    Ok(())
}
