//! `bindgen!` without async options, on a sync store: a plain `fn` import, the blocking `instantiate` and `call_run`.
use wasmtime::component::{bindgen, Component, HasSelf, Linker};
use wasmtime::{Engine, Store};

// ANCHOR: bindgen
bindgen!({
    inline: "
        package guide:bindgen;

        world doubler {
            import double: func(x: u32) -> u32;
            export run: func(x: u32) -> u32;
        }
    ",
    // no `imports` or `exports`: every generated function is blocking
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
    fn double(&mut self, x: u32) -> u32 {
        x * 2
    }
}

fn main() -> wasmtime::Result<()> {
    let engine = Engine::default(); // no async support
    let component = Component::new(&engine, GUEST)?;

    let mut linker: Linker<Host> = Linker::new(&engine);
    Doubler::add_to_linker::<_, HasSelf<_>>(&mut linker, |host| host)?;

    let mut store = Store::new(&engine, Host);
    // ANCHOR: calls
    let doubler = Doubler::instantiate(&mut store, &component, &linker)?; // blocking, on a sync store
    let answer = doubler.call_run(&mut store, 21)?;
    // ANCHOR_END: calls
    println!("run(21) = {answer}");
    Ok(())
}
