//! The mistake: an async call hook on a store whose engine has no async support, then blocking calls.
//! Wasmtime: v50
use wasmtime::{CallHook, CallHookHandler, Engine, Instance, Module, Store, StoreHookState};

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

fn main() -> wasmtime::Result<()> {
    let engine = Engine::default(); // no `Config::async_support(true)`
    let module = Module::new(&engine, GUEST)?;
    let mut store = Store::new(&engine, ());
    // ANCHOR: hook
    store.call_hook_async(PrintTransitions);
    // ANCHOR_END: hook
    println!("installed the async call hook");

    // ANCHOR: mistake
    // From 42 on, the hook has made the store async: this is refused.
    let instance = Instance::new(&mut store, &module, &[])?;
    println!("instantiated with the blocking API");
    let run = instance.get_typed_func::<i32, i32>(&mut store, "run")?;
    // Up to 41, the hook runs as the call enters the guest, and an async
    // hook cannot run outside a fiber.
    let answer = run.call(&mut store, 21)?;
    // ANCHOR_END: mistake
    println!("run(21) = {answer}");
    Ok(())
}
