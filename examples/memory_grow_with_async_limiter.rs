//! The mistake: the blocking `Memory::grow` on a store with an async resource limiter.
use wasmtime::{Config, Engine, Instance, Module, ResourceLimiterAsync, Store};

/// An async resource limiter that allows everything, after a pause.
struct AllowAll;

#[async_trait::async_trait]
impl ResourceLimiterAsync for AllowAll {
    async fn memory_growing(
        &mut self,
        _: usize,
        _: usize,
        _: Option<usize>,
    ) -> wasmtime::Result<bool> {
        // Stands in for real async work, such as asking a quota service. A
        // future that is ready at once slips through the blocking `grow`
        // on Wasmtime 41.
        tokio::task::yield_now().await;
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

// A guest with one page of memory, which it exports.
const GUEST: &str = r#"
(module
  (memory (export "memory") 1))
"#;

#[tokio::main]
async fn main() -> wasmtime::Result<()> {
    let mut config = Config::new();
    // Needed up to Wasmtime 41; a deprecated no-op from 42 on.
    #[allow(deprecated)]
    config.async_support(true);
    let engine = Engine::new(&config)?;
    let module = Module::new(&engine, GUEST)?;

    let mut store = Store::new(&engine, AllowAll);
    store.limiter_async(|limiter| limiter);
    let instance = Instance::new_async(&mut store, &module, &[]).await?;
    let memory = instance.get_memory(&mut store, "memory").unwrap();
    println!(
        "instantiated with {} page(s) of memory",
        memory.size(&store)
    );

    // ANCHOR: mistake
    // Growing asks the limiter, and an async limiter can only be awaited.
    let old = memory.grow(&mut store, 1)?;
    // ANCHOR_END: mistake
    println!(
        "grew the memory from {old} to {} page(s)",
        memory.size(&store)
    );
    Ok(())
}
