//! The mistake with the untyped API: a blocking `Func::call` on a store that needs async calls.
use wasmtime::{Config, Engine, Linker, Module, Store, Val};

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

    let mut linker = Linker::new(&engine);
    linker.func_wrap_async("host", "double", |_caller, (x,): (i32,)| {
        Box::new(async move { x * 2 })
    })?;

    let mut store = Store::new(&engine, ());
    let instance = linker.instantiate_async(&mut store, &module).await?;
    let run = instance
        .get_func(&mut store, "run")
        .expect("`run` is exported");

    let mut results = [Val::I32(0)];
    // ANCHOR: call
    run.call(&mut store, &[Val::I32(21)], &mut results)?; // blocking call on an async store
                                                          // ANCHOR_END: call
    println!("run(21) = {:?}", results[0].i32());
    Ok(())
}
