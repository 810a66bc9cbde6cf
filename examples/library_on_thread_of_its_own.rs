//! The fix for a sync embedding: the whole blocking embedding (sync store, `call`, the library's blocking API) runs on a thread of its own, outside the runtime.
use wasmtime::{Engine, Linker, Module, Store};

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

    // ANCHOR: thread
    let (done, answer) = tokio::sync::oneshot::channel();
    // A thread of its own, not a `spawn_blocking` one: a long-lived
    // embedding would hold one of Tokio's blocking threads for good.
    std::thread::spawn(move || {
        let _ = done.send(run_guest(client, 21));
    });
    let answer = answer.await.expect("the guest's thread answers")?;
    // ANCHOR_END: thread
    println!("run(21) = {answer}");
    Ok(())
}

// ANCHOR: embedding
// A plain blocking embedding: no `async_support`, `func_wrap`, `call`.
fn run_guest(client: kv_client::Client, key: i32) -> wasmtime::Result<i32> {
    let engine = Engine::default();
    let module = Module::new(&engine, GUEST)?;
    let mut linker: Linker<()> = Linker::new(&engine);
    linker.func_wrap("host", "get", move |key: i32| client.get(key))?;
    let mut store = Store::new(&engine, ());
    let instance = linker.instantiate(&mut store, &module)?;
    let run = instance.get_typed_func::<i32, i32>(&mut store, "run")?;
    run.call(&mut store, key)
}
// ANCHOR_END: embedding
