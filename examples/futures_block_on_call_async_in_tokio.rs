//! `futures::executor::block_on` over `call_async` inside Tokio: the guest's host calls await a Tokio timer, and after 128 of them the call never returns.
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use wasmtime::{Config, Engine, Linker, Module, Store, TypedFunc};

// `run` calls the host function `tick` 200 times.
const GUEST: &str = r#"
(module
  (import "host" "tick" (func $tick))
  (func (export "run")
    (local $i i32)
    (loop $again
      call $tick
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $again (i32.lt_u (local.get $i) (i32.const 200))))))
"#;

#[tokio::main]
async fn main() -> wasmtime::Result<()> {
    let returned = Arc::new(AtomicUsize::new(0));
    give_up_after(Duration::from_secs(3), returned.clone());

    let mut config = Config::new();
    // Needed up to Wasmtime 41; a deprecated no-op from 42 on.
    #[allow(deprecated)]
    config.async_support(true);
    let engine = Engine::new(&config)?;
    let module = Module::new(&engine, GUEST)?;
    let mut linker: Linker<Arc<AtomicUsize>> = Linker::new(&engine);
    linker.func_wrap_async("host", "tick", |caller, (): ()| {
        let returned = caller.data().clone();
        Box::new(async move {
            tokio::time::sleep(Duration::from_millis(1)).await;
            returned.fetch_add(1, Ordering::SeqCst);
        })
    })?;
    let mut store = Store::new(&engine, returned.clone());
    let instance = linker.instantiate_async(&mut store, &module).await?;
    let run = instance.get_typed_func::<(), ()>(&mut store, "run")?;

    run_guest(&mut store, run)?;
    println!(
        "all {} host calls returned",
        returned.load(Ordering::SeqCst)
    );
    Ok(())
}

// ANCHOR: block_on
// A sync function, called from async code, that drives the async call on
// another executor instead of awaiting it.
fn run_guest(store: &mut Store<Arc<AtomicUsize>>, run: TypedFunc<(), ()>) -> wasmtime::Result<()> {
    futures::executor::block_on(run.call_async(store, ()))
}
// ANCHOR_END: block_on

// The hang never ends by itself: a watchdog thread reports how far the guest
// got and ends the process.
fn give_up_after(limit: Duration, returned: Arc<AtomicUsize>) {
    std::thread::spawn(move || {
        std::thread::sleep(limit);
        eprintln!(
            "after {} s, {} of 200 host calls had returned and `call_async` had not",
            limit.as_secs(),
            returned.load(Ordering::SeqCst)
        );
        std::process::exit(1);
    });
}
