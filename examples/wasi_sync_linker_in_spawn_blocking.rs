//! WASI's sync linker in a Tokio program: run on a `spawn_blocking` thread, where it may block on Tokio.
//! Wasmtime: v37-50
use wasmtime::{Engine, Linker, Module, Store};
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

fn run_guest() -> wasmtime::Result<()> {
    let engine = Engine::default();
    let module = Module::new(&engine, GUEST)?;
    let mut linker: Linker<WasiP1Ctx> = Linker::new(&engine);
    p1::add_to_linker_sync(&mut linker, |ctx| ctx)?;
    let wasi = WasiCtxBuilder::new().inherit_stdout().build_p1();
    let mut store = Store::new(&engine, wasi);
    let instance = linker.instantiate(&mut store, &module)?;
    let start = instance.get_typed_func::<(), ()>(&mut store, "_start")?;
    // The sync linker's functions block on the runtime this thread belongs
    // to (Handle::block_on): allowed on a blocking-pool thread, which is
    // not driving any task.
    start.call(&mut store, ())
}

#[tokio::main]
async fn main() -> wasmtime::Result<()> {
    // ANCHOR: spawn
    tokio::task::spawn_blocking(run_guest)
        .await
        .expect("the blocking task did not panic")?;
    // ANCHOR_END: spawn
    println!("the guest returned");
    Ok(())
}
