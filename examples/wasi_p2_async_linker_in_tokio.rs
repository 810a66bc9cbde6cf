//! The fix with components: WASI preview 2's async linker, with async
//! instantiation and calls, inside Tokio.
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

// The same guest: `run` blocks on a 1 ms pollable from the monotonic clock.
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
    (func (export "run")
      (local $p i32)
      (local.set $p (call $subscribe (i64.const 1000000)))
      (call $block (local.get $p))
      (call $drop (local.get $p))))
  (core instance $wasi
    (export "subscribe-duration" (func $subscribe))
    (export "block" (func $block))
    (export "drop" (func $drop)))
  (core instance $i (instantiate $m (with "wasi" (instance $wasi))))
  (func (export "run") (canon lift (core func $i "run"))))
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
    // ANCHOR: linker
    wasmtime_wasi::p2::add_to_linker_async(&mut linker)?; // the fix: the async linker
                                                          // ANCHOR_END: linker
    let host = Host {
        wasi: WasiCtxBuilder::new().build(),
        table: ResourceTable::new(),
    };
    let mut store = Store::new(&engine, host);

    let instance = linker.instantiate_async(&mut store, &component).await?; // the fix: instantiate_async
    let run = instance.get_typed_func::<(), ()>(&mut store, "run")?;
    run.call_async(&mut store, ()).await?; // the fix: call_async
                                           // ANCHOR_END: embedding
    println!("the guest returned");
    Ok(())
}
