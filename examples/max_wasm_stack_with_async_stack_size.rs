//! The fix: raise `async_stack_size` along with `max_wasm_stack`, with a margin for host functions.
use wasmtime::{Config, Engine, Instance, Module, Store};

const GUEST: &str = r#"
(module
  (func (export "answer") (result i32) i32.const 42))
"#;

fn main() -> wasmtime::Result<()> {
    let mut config = Config::new();
    // ANCHOR: config
    config.max_wasm_stack(4 << 20); // 4 MiB for deeply recursive guests
    config.async_stack_size(5 << 20); // the fix: 1 MiB more for host functions on each fiber
                                      // ANCHOR_END: config
    let engine = Engine::new(&config)?;
    let module = Module::new(&engine, GUEST)?;
    let mut store = Store::new(&engine, ());
    let instance = Instance::new(&mut store, &module, &[])?;
    let answer = instance.get_typed_func::<(), i32>(&mut store, "answer")?;
    println!("answer() = {}", answer.call(&mut store, ())?);
    Ok(())
}
