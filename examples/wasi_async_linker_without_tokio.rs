//! WASI's async linker driven by another executor (`futures::executor::block_on`), with no Tokio runtime in the program.
//! Wasmtime: v37-50
use wasmtime::{Config, Engine, Linker, Module, Store};
use wasmtime_wasi::p1::{self, WasiP1Ctx};
use wasmtime_wasi::WasiCtxBuilder;

// A WASI preview 1 guest that writes "hello from the guest\n" to stdout.
const GUEST: &str = r#"
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "hello from the guest\n")
  (func (export "_start")
    ;; one iovec at 0: { buf = 16, len = 21 }
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 21))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))
"#;

// No `#[tokio::main]`, and no Tokio runtime of this program's own.
fn main() -> wasmtime::Result<()> {
    let mut config = Config::new();
    // Needed up to Wasmtime 41; a deprecated no-op from 42 on.
    #[allow(deprecated)]
    config.async_support(true);
    let engine = Engine::new(&config)?;
    let module = Module::new(&engine, GUEST)?;
    let mut linker: Linker<WasiP1Ctx> = Linker::new(&engine);
    p1::add_to_linker_async(&mut linker, |ctx| ctx)?;

    // ANCHOR: executor
    futures::executor::block_on(async {
        let wasi = WasiCtxBuilder::new().inherit_stdout().build_p1();
        let mut store = Store::new(&engine, wasi);
        let instance = linker.instantiate_async(&mut store, &module).await?;
        let start = instance.get_typed_func::<(), ()>(&mut store, "_start")?;
        start.call_async(&mut store, ()).await
    })?;
    // ANCHOR_END: executor
    println!("the guest returned");
    Ok(())
}
