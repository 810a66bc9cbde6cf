//! An async resource limiter on a store whose engine has no async support,
//! followed by a blocking instantiation.
use wasmtime::{Engine, Instance, Module, ResourceLimiterAsync, Store};

/// An async resource limiter that allows everything.
struct AllowAll;

#[async_trait::async_trait]
impl ResourceLimiterAsync for AllowAll {
    async fn memory_growing(
        &mut self,
        _: usize,
        _: usize,
        _: Option<usize>,
    ) -> wasmtime::Result<bool> {
        Ok(true)
    }
    async fn table_growing(
        &mut self,
        _: usize,
        _: usize,
        _: Option<usize>,
    ) -> wasmtime::Result<bool> {
        Ok(true)
    }
}

// A guest with one page of memory, which the limiter is asked about.
const GUEST: &str = r#"
(module
  (memory (export "memory") 1))
"#;

fn main() -> wasmtime::Result<()> {
    let engine = Engine::default();
    let module = Module::new(&engine, GUEST)?;
    let mut store = Store::new(&engine, AllowAll);
    // ANCHOR: limiter
    store.limiter_async(|limiter| limiter);
    // ANCHOR_END: limiter
    Instance::new(&mut store, &module, &[])?;
    println!("instantiated");
    Ok(())
}
