//! The fix that serves the library from one thread: a dedicated thread owns the library's client and answers requests from a channel; the async host function awaits the answer.
use tokio::sync::{mpsc, oneshot};
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

// A request to the library's thread: a key, and where to answer.
type Request = (i32, oneshot::Sender<i32>);

#[tokio::main]
async fn main() -> wasmtime::Result<()> {
    // ANCHOR: thread
    let (requests, mut incoming) = mpsc::unbounded_channel::<Request>();
    let client = kv_client::Client::connect(); // on the runtime it was made for
    std::thread::spawn(move || {
        // Not a runtime thread: the library may block here.
        while let Some((key, reply)) = incoming.blocking_recv() {
            let _ = reply.send(client.get(key));
        }
    });
    // ANCHOR_END: thread

    let mut config = Config::new();
    // Needed up to Wasmtime 41; a deprecated no-op from 42 on.
    #[allow(deprecated)]
    config.async_support(true);
    let engine = Engine::new(&config)?;
    let module = Module::new(&engine, GUEST)?;

    // ANCHOR: host
    let mut linker: Linker<mpsc::UnboundedSender<Request>> = Linker::new(&engine);
    linker.func_wrap_async("host", "get", |caller, (key,): (i32,)| {
        let requests = caller.data().clone();
        Box::new(async move {
            let (reply, answer) = oneshot::channel();
            requests
                .send((key, reply))
                .expect("the library's thread is running");
            answer.await.expect("the library's thread answers")
        })
    })?;
    // ANCHOR_END: host

    let mut store = Store::new(&engine, requests);
    let instance = linker.instantiate_async(&mut store, &module).await?;
    let run = instance.get_typed_func::<i32, i32>(&mut store, "run")?;
    let answer = run.call_async(&mut store, 21).await?;
    println!("run(21) = {answer}");
    Ok(())
}
