//! The mistake: a sync host function calls a library's blocking API, and the library blocks on Tokio while Tokio runs the guest.
use wasmtime::{Config, Engine, Linker, Module, Store};

// ANCHOR: library
// Stands in for a crate you depend on and cannot change: a blocking API over
// async code, built on the Tokio runtime that was current when it was made.
mod kv_client {
    use tokio::runtime::Handle;

    #[derive(Clone)]
    pub struct Client {
        runtime: Handle,
    }

    impl Client {
        pub fn connect() -> Client {
            Client {
                runtime: Handle::current(),
            }
        }

        /// Blocks until the value is fetched.
        pub fn get(&self, key: i32) -> i32 {
            self.runtime.block_on(async move {
                tokio::task::yield_now().await; // a request, in a real client
                key * 2
            })
        }
    }
}
// ANCHOR_END: library

const GUEST: &str = r#"
(module
  (import "host" "get" (func $get (param i32) (result i32)))
  (func (export "run") (param i32) (result i32)
    local.get 0
    call $get))
"#;

#[tokio::main]
async fn main() -> wasmtime::Result<()> {
    let client = kv_client::Client::connect();

    let mut config = Config::new();
    // Needed up to Wasmtime 41; a deprecated no-op from 42 on.
    #[allow(deprecated)]
    config.async_support(true);
    let engine = Engine::new(&config)?;
    let module = Module::new(&engine, GUEST)?;

    let mut linker: Linker<()> = Linker::new(&engine);
    // ANCHOR: host
    linker.func_wrap("host", "get", move |key: i32| client.get(key))?;
    // ANCHOR_END: host

    let mut store = Store::new(&engine, ());
    let instance = linker.instantiate_async(&mut store, &module).await?;
    let run = instance.get_typed_func::<i32, i32>(&mut store, "run")?;
    let answer = run.call_async(&mut store, 21).await?;
    println!("run(21) = {answer}");
    Ok(())
}
