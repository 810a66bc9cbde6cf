//! An async call hook on a store called with `instantiate_async` and `call_async`.
//! Wasmtime: v50
use wasmtime::{
    CallHook, CallHookHandler, Config, Engine, Instance, Module, Store, StoreHookState,
};

/// An async call hook that prints each transition between host and guest.
struct PrintTransitions;

// ANCHOR: handler
#[async_trait::async_trait]
impl CallHookHandler<()> for PrintTransitions {
    // From Wasmtime 50 the hook gets a `StoreHookState`: it can read the
    // store and change its data, not call into the guest.
    async fn handle_call_event(
        &self,
        _: StoreHookState<'_, ()>,
        hook: CallHook,
    ) -> wasmtime::Result<()> {
        println!("call hook: {hook:?}");
        Ok(())
    }
}
// ANCHOR_END: handler

const GUEST: &str = r#"
(module
  (func (export "run") (param i32) (result i32)
    local.get 0
    i32.const 2
    i32.mul))
"#;

#[tokio::main]
async fn main() -> wasmtime::Result<()> {
    let mut config = Config::new();
    // Needed up to Wasmtime 41; a deprecated no-op from 42 on.
    #[allow(deprecated)]
    config.async_support(true);
    let engine = Engine::new(&config)?;
    let module = Module::new(&engine, GUEST)?;
    let mut store = Store::new(&engine, ());
    store.call_hook_async(PrintTransitions);

    // ANCHOR: fix
    let instance = Instance::new_async(&mut store, &module, &[]).await?;
    let run = instance.get_typed_func::<i32, i32>(&mut store, "run")?;
    let answer = run.call_async(&mut store, 21).await?;
    // ANCHOR_END: fix
    println!("run(21) = {answer}");
    Ok(())
}
