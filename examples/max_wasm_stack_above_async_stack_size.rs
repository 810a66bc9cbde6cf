//! A sync embedding that raises `max_wasm_stack` above the default async
//! stack size (2 MiB), and never uses async.
use wasmtime::{Config, Engine, Instance, Module, Store};

const GUEST: &str = r#"
(module
  (func (export "answer") (result i32) i32.const 42))
"#;

fn main() -> wasmtime::Result<()> {
    let mut config = Config::new();
    // ANCHOR: config
    config.max_wasm_stack(4 << 20); // 4 MiB for deeply recursive guests
                                    // ANCHOR_END: config
    let engine = Engine::new(&config)?;
    let module = Module::new(&engine, GUEST)?;
    let mut store = Store::new(&engine, ());
    let instance = Instance::new(&mut store, &module, &[])?;
    let answer = instance.get_typed_func::<(), i32>(&mut store, "answer")?;
    println!("answer() = {}", answer.call(&mut store, ())?);
    Ok(())
}
