//! The fix without Tokio: Wasmtime's async API runs on any executor; here `futures::executor::block_on`, with an async host function that needs no Tokio.
use wasmtime::{Config, Engine, Linker, Module, Store};

const GUEST: &str = r#"
(module
  (import "host" "fetch" (func $fetch (param i32) (result i32)))
  (func (export "run") (param i32) (result i32)
    local.get 0
    call $fetch))
"#;

// No `#[tokio::main]`, and no Tokio runtime anywhere in this program.
fn main() -> wasmtime::Result<()> {
    let mut config = Config::new();
    // Needed up to Wasmtime 41; a deprecated no-op from 42 on.
    #[allow(deprecated)]
    config.async_support(true);
    let engine = Engine::new(&config)?;
    let module = Module::new(&engine, GUEST)?;

    let mut linker: Linker<()> = Linker::new(&engine);
    // ANCHOR: host
    linker.func_wrap_async("host", "fetch", |_caller, (x,): (i32,)| {
        Box::new(async move {
            // Wait for a plain thread, through a channel that needs no runtime.
            let (reply, answer) = futures::channel::oneshot::channel();
            std::thread::spawn(move || reply.send(x + 1));
            answer.await.expect("the thread sends one answer")
        })
    })?;
    // ANCHOR_END: host

    // ANCHOR: executor
    let answer = futures::executor::block_on(async {
        let mut store = Store::new(&engine, ());
        let instance = linker.instantiate_async(&mut store, &module).await?;
        let run = instance.get_typed_func::<i32, i32>(&mut store, "run")?;
        run.call_async(&mut store, 41).await
    })?;
    // ANCHOR_END: executor
    println!("run(41) = {answer}");
    Ok(())
}
