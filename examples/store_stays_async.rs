//! Two ways a store becomes async and stays so, without one successful async call.
//! Kind: demonstration
//! Wasmtime: v42-50
use wasmtime::{Config, Engine, Linker, Module, Store};

const GUEST: &str = r#"
(module
  (import "host" "f" (func $f))
  (func (export "run") call $f))
"#;

fn main() -> wasmtime::Result<()> {
    let mut config = Config::new();
    config.consume_fuel(true);
    let engine = Engine::new(&config)?;
    let module = Module::new(&engine, GUEST)?;

    // Only sync host functions.
    let mut sync_host = Linker::new(&engine);
    sync_host.func_wrap("host", "f", || {})?;
    // An async host function.
    let mut async_host = Linker::new(&engine);
    async_host.func_wrap_async("host", "f", |_caller, (): ()| Box::new(async {}))?;

    // ANCHOR: fuel_none
    // (a) `None` asks for no yielding, yet the store is now async.
    let mut store = Store::new(&engine, ());
    store.fuel_async_yield_interval(None)?;
    let result = sync_host.instantiate(&mut store, &module);
    // ANCHOR_END: fuel_none
    println!(
        "after fuel_async_yield_interval(None), instantiate: {}",
        outcome(&result)
    );
    assert!(result.is_err());

    // ANCHOR: failed_instantiate
    // (b) The blocking instantiation is refused, but only after it has
    // made the store async...
    let mut store = Store::new(&engine, ());
    let result = async_host.instantiate(&mut store, &module);
    println!(
        "instantiate with an async host function: {}",
        outcome(&result)
    );
    assert!(result.is_err());
    // ...so the same store refuses a linker with only sync functions too.
    let result = sync_host.instantiate(&mut store, &module);
    // ANCHOR_END: failed_instantiate
    println!(
        "then, on the same store, with only sync host functions: {}",
        outcome(&result)
    );
    assert!(result.is_err());

    // A fresh store takes the sync linker.
    let mut store = Store::new(&engine, ());
    let result = sync_host.instantiate(&mut store, &module);
    println!(
        "on a fresh store, with only sync host functions: {}",
        outcome(&result)
    );
    assert!(result.is_ok());
    Ok(())
}

fn outcome<T>(result: &wasmtime::Result<T>) -> String {
    match result {
        Ok(_) => "Ok".to_string(),
        Err(e) => format!("Err({e})"),
    }
}
