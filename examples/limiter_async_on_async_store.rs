//! The async fix for an async resource limiter: an async store, instantiated with `Instance::new_async`.
use wasmtime::{Config, Engine, Instance, Module, ResourceLimiterAsync, Store};

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

#[tokio::main]
async fn main() -> wasmtime::Result<()> {
    // ANCHOR: config
    let mut config = Config::new();
    // Needed up to Wasmtime 41; a deprecated no-op from 42 on.
    #[allow(deprecated)]
    config.async_support(true); // the fix, up to 41: an async engine
    let engine = Engine::new(&config)?;
    // ANCHOR_END: config
    let module = Module::new(&engine, GUEST)?;
    let mut store = Store::new(&engine, AllowAll);
    // ANCHOR: limiter
    store.limiter_async(|limiter| limiter);
    Instance::new_async(&mut store, &module, &[]).await?; // the fix: new_async, awaited
                                                          // ANCHOR_END: limiter
    println!("instantiated");
    Ok(())
}
