//! `Linker::module` on an async store: it instantiates the module (a reactor) with the blocking `instantiate`.
use wasmtime::{Config, Engine, Linker, Module, Store};

// A reactor (no `_start`): `Linker::module` instantiates it once, at once.
const GUEST: &str = r#"
(module
  (import "host" "double" (func $double (param i32) (result i32)))
  (func (export "run") (param i32) (result i32)
    local.get 0
    call $double))
"#;

#[tokio::main]
async fn main() -> wasmtime::Result<()> {
    let mut config = Config::new();
    // Needed up to Wasmtime 41; a deprecated no-op from 42 on.
    #[allow(deprecated)]
    config.async_support(true);
    let engine = Engine::new(&config)?;
    let module = Module::new(&engine, GUEST)?;

    let mut linker: Linker<()> = Linker::new(&engine);
    // An async host function: from 42 on, this is what makes the store async.
    linker.func_wrap_async("host", "double", |_caller, (x,): (i32,)| {
        Box::new(async move { Ok(x * 2) })
    })?;

    let mut store = Store::new(&engine, ());
    // ANCHOR: register
    linker.module(&mut store, "lib", &module)?;
    // ANCHOR_END: register
    let (_, _, run) = linker
        .iter(&mut store)
        .find(|(module, name, _)| (*module, *name) == ("lib", "run"))
        .expect("lib.run is registered");
    let run = run
        .into_func()
        .expect("a function")
        .typed::<i32, i32>(&store)?;
    let answer = run.call_async(&mut store, 21).await?;
    println!("lib.run(21) = {answer}");
    Ok(())
}
