//! The fix with WASI's generated bindings: the async `Command`, with the async
//! linker, instantiated and run with `.await` inside Tokio.
use wasmtime::component::{Component, Linker, ResourceTable};
use wasmtime::{Config, Engine, Store};
use wasmtime_wasi::{WasiCtx, WasiCtxBuilder, WasiCtxView, WasiView};

// The store data a preview 2 linker needs: a WASI context and a resource table.
struct Host {
    wasi: WasiCtx,
    table: ResourceTable,
}

impl WasiView for Host {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView {
            ctx: &mut self.wasi,
            table: &mut self.table,
        }
    }
}

// The same command component: its `run` blocks on a 1 ms pollable from the
// monotonic clock, then returns `ok`.
const GUEST: &str = r#"
(component
  (import "wasi:io/poll@0.2.0" (instance $poll
    (export "pollable" (type $pollable (sub resource)))
    (export "[method]pollable.block" (func (param "self" (borrow $pollable))))))
  (alias export $poll "pollable" (type $pollable))
  (import "wasi:clocks/monotonic-clock@0.2.0" (instance $clock
    (alias outer 1 $pollable (type $pollable))
    (export "subscribe-duration" (func (param "when" u64) (result (own $pollable))))))
  (core func $subscribe (canon lower (func $clock "subscribe-duration")))
  (core func $block (canon lower (func $poll "[method]pollable.block")))
  (core func $drop (canon resource.drop $pollable))
  (core module $m
    (import "wasi" "subscribe-duration" (func $subscribe (param i64) (result i32)))
    (import "wasi" "block" (func $block (param i32)))
    (import "wasi" "drop" (func $drop (param i32)))
    (func (export "run") (result i32)
      (local $p i32)
      (local.set $p (call $subscribe (i64.const 1000000)))
      (call $block (local.get $p))
      (call $drop (local.get $p))
      (i32.const 0)))
  (core instance $wasi
    (export "subscribe-duration" (func $subscribe))
    (export "block" (func $block))
    (export "drop" (func $drop)))
  (core instance $i (instantiate $m (with "wasi" (instance $wasi))))
  (func $run (result (result)) (canon lift (core func $i "run")))
  (instance $cli-run (export "run" (func $run)))
  (export "wasi:cli/run@0.2.0" (instance $cli-run)))
"#;

#[tokio::main]
async fn main() -> wasmtime::Result<()> {
    // ANCHOR: embedding
    let mut config = Config::new();
    // Needed up to Wasmtime 41; a deprecated no-op from 42 on.
    #[allow(deprecated)]
    config.async_support(true); // the fix, up to 41: an async engine
    let engine = Engine::new(&config)?;
    let component = Component::new(&engine, GUEST)?;

    let mut linker: Linker<Host> = Linker::new(&engine);
    wasmtime_wasi::p2::add_to_linker_async(&mut linker)?; // the fix: the async linker
    let host = Host {
        wasi: WasiCtxBuilder::new().build(),
        table: ResourceTable::new(),
    };
    let mut store = Store::new(&engine, host);

    use wasmtime_wasi::p2::bindings::Command; // the fix: the async bindings, not `sync::`
    let command = Command::instantiate_async(&mut store, &component, &linker).await?; // the fix: instantiate_async
    let result = command.wasi_cli_run().call_run(&mut store).await?; // the fix: .await
                                                                     // ANCHOR_END: embedding
    println!("run returned {result:?}");
    Ok(())
}
