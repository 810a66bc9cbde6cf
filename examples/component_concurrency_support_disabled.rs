//! The mistake from 42 on: `Config::concurrency_support(false)`, then a concurrent host function.
//! Wasmtime: v42-50
use wasmtime::component::Linker;
use wasmtime::{Config, Engine};

#[tokio::main]
async fn main() -> wasmtime::Result<()> {
    // ANCHOR: config
    let mut config = Config::new();
    config.concurrency_support(false); // on by default with the `component-model-async` feature
    let engine = Engine::new(&config)?;
    // ANCHOR_END: config

    let mut linker: Linker<()> = Linker::new(&engine);
    // ANCHOR: define
    linker
        .root()
        .func_wrap_concurrent("double", |_accessor, (x,): (u32,)| {
            Box::pin(async move { Ok((x * 2,)) })
        })?;
    // ANCHOR_END: define
    println!("defined the concurrent host function");
    Ok(())
}
