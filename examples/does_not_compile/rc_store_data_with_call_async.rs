//! The mistake, caught by the compiler: a `current_thread` runtime and a `LocalSet` do not let a store's data be `!Send` (an `Rc`) for `call_async`.
use std::cell::RefCell;
use std::rc::Rc;
use wasmtime::{Config, Engine, Linker, Module, Store};

const GUEST: &str = r#"
(module
  (func (export "run") (param i32) (result i32)
    local.get 0))
"#;

fn main() -> wasmtime::Result<()> {
    let mut config = Config::new();
    // Needed up to Wasmtime 41; a deprecated no-op from 42 on.
    #[allow(deprecated)]
    config.async_support(true);
    let engine = Engine::new(&config)?;
    let module = Module::new(&engine, GUEST)?;
    let linker: Linker<Rc<RefCell<Vec<i32>>>> = Linker::new(&engine);

    let tokio_runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let local = tokio::task::LocalSet::new();
    local.block_on(&tokio_runtime, async {
        // ANCHOR: mistake
        let seen = Rc::new(RefCell::new(Vec::new())); // not `Send`
        let mut store = Store::new(&engine, seen);
        let instance = linker.instantiate_async(&mut store, &module).await?;
        let run = instance.get_typed_func::<i32, i32>(&mut store, "run")?;
        let answer = run.call_async(&mut store, 41).await?;
        // ANCHOR_END: mistake
        println!("run(41) = {answer}");
        Ok(())
    })
}
