//! The fix for `!Send` state under a `current_thread` runtime and a `LocalSet`: the state stays in a local task, and the async host function asks that task over a channel.
use std::cell::RefCell;
use std::rc::Rc;
use tokio::sync::{mpsc, oneshot};
use wasmtime::{Config, Engine, Linker, Module, Store};

const GUEST: &str = r#"
(module
  (import "host" "record" (func $record (param i32) (result i32)))
  (func (export "run") (param i32) (result i32)
    local.get 0
    call $record))
"#;

// A request to the task that owns the state: a value, and where to answer.
type Request = (i32, oneshot::Sender<i32>);

fn main() -> wasmtime::Result<()> {
    let mut config = Config::new();
    // Needed up to Wasmtime 41; a deprecated no-op from 42 on.
    #[allow(deprecated)]
    config.async_support(true);
    let engine = Engine::new(&config)?;
    let module = Module::new(&engine, GUEST)?;

    // ANCHOR: host
    // The store holds only the sending end of a channel, which is `Send`.
    let mut linker: Linker<mpsc::UnboundedSender<Request>> = Linker::new(&engine);
    linker.func_wrap_async("host", "record", |caller, (x,): (i32,)| {
        let requests = caller.data().clone();
        Box::new(async move {
            let (reply, answer) = oneshot::channel();
            requests
                .send((x, reply))
                .expect("the state's task is running");
            answer.await.expect("the state's task answers")
        })
    })?;
    // ANCHOR_END: host

    // ANCHOR: runtime
    let tokio_runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all() // timers and I/O: without it, `tokio::time::sleep` panics
        .build()?;
    // ANCHOR_END: runtime
    let local = tokio::task::LocalSet::new();
    let answer = local.block_on(&tokio_runtime, async {
        // ANCHOR: state
        let (requests, mut incoming) = mpsc::unbounded_channel::<Request>();
        let seen = Rc::new(RefCell::new(Vec::new())); // not `Send`: never leaves this thread
        let state = seen.clone();
        tokio::task::spawn_local(async move {
            while let Some((x, reply)) = incoming.recv().await {
                state.borrow_mut().push(x);
                let _ = reply.send(state.borrow().len() as i32);
            }
        });
        // ANCHOR_END: state

        let mut store = Store::new(&engine, requests);
        let instance = linker.instantiate_async(&mut store, &module).await?;
        let run = instance.get_typed_func::<i32, i32>(&mut store, "run")?;
        run.call_async(&mut store, 41).await?;
        let count = run.call_async(&mut store, 42).await?;
        println!("values seen: {:?}", seen.borrow());
        wasmtime::Result::<i32>::Ok(count)
    })?;
    println!("the second call returned {answer}");
    Ok(())
}
