//! The sync fix for an async resource limiter: a blocking `ResourceLimiter`, installed with `Store::limiter`.
use wasmtime::{Engine, Instance, Module, ResourceLimiter, Store};

/// A resource limiter that allows everything.
struct AllowAll;

// ANCHOR: impl
impl ResourceLimiter for AllowAll {
    // the fix: the blocking trait, no `async fn`
    fn memory_growing(&mut self, _: usize, _: usize, _: Option<usize>) -> wasmtime::Result<bool> {
        Ok(true)
    }
    fn table_growing(&mut self, _: usize, _: usize, _: Option<usize>) -> wasmtime::Result<bool> {
        Ok(true)
    }
}
// ANCHOR_END: impl

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
    store.limiter(|limiter| limiter); // the fix: `limiter`, not `limiter_async`
    Instance::new(&mut store, &module, &[])?;
    // ANCHOR_END: limiter
    println!("instantiated");
    Ok(())
}
