//! The mistake, caught by the compiler: an async host function's future that holds a `std::sync::MutexGuard` across an `.await`.
use std::sync::{Arc, Mutex};
use wasmtime::{Config, Engine, Linker};

#[tokio::main]
async fn main() -> wasmtime::Result<()> {
    let mut config = Config::new();
    // Needed up to Wasmtime 41; a deprecated no-op from 42 on.
    #[allow(deprecated)]
    config.async_support(true);
    let engine = Engine::new(&config)?;
    let counter = Arc::new(Mutex::new(0));

    let mut linker: Linker<()> = Linker::new(&engine);
    // ANCHOR: mistake
    linker.func_wrap_async("host", "bump", move |_caller, (): ()| {
        let counter = counter.clone();
        Box::new(async move {
            let mut n = counter.lock().unwrap();
            // The guard is still alive at this `.await`, and a MutexGuard may
            // not move to another thread: the future is not `Send`, and
            // Wasmtime needs it to be.
            tokio::task::yield_now().await;
            *n += 1;
        })
    })?;
    // ANCHOR_END: mistake
    Ok(())
}
