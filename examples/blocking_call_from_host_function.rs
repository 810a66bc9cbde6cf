//! The mistake: a blocking host function calls back into the guest with `call` while the guest runs under `call_async`.
//! Wasmtime: v48-50
use wasmtime::{Caller, Config, Engine, Linker, Module, Store};

// `run` asks the host for `double_plus_one(x)`; the host calls the guest's
// own `double` to compute it.
const GUEST: &str = r#"
(module
  (import "host" "double_plus_one" (func $double_plus_one (param i32) (result i32)))
  (func (export "double") (param i32) (result i32)
    (i32.mul (local.get 0) (i32.const 2)))
  (func (export "run") (param i32) (result i32)
    (call $double_plus_one (local.get 0))))
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
    // ANCHOR: mistake
    linker.func_wrap(
        "host",
        "double_plus_one",
        |mut caller: Caller<'_, ()>, x: i32| -> wasmtime::Result<i32> {
            let double = caller
                .get_export("double")
                .and_then(|export| export.into_func())
                .ok_or_else(|| wasmtime::Error::msg("the guest exports no function `double`"))?
                .typed::<i32, i32>(&caller)?;
            // Back into the guest with the blocking `call`, while the outer
            // call is `call_async`.
            let doubled = double.call(&mut caller, x)?;
            Ok(doubled + 1)
        },
    )?;
    // ANCHOR_END: mistake

    let mut store = Store::new(&engine, ());
    let instance = linker.instantiate_async(&mut store, &module).await?;
    let run = instance.get_typed_func::<i32, i32>(&mut store, "run")?;
    println!("run(20) = {}", run.call_async(&mut store, 20).await?);
    Ok(())
}
