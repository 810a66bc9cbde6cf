//! The mistake with components: WASI preview 2's sync linker, called from
//! `main` under `#[tokio::main]`.
use wasmtime::component::{Component, Linker, ResourceTable};
use wasmtime::{Engine, Store};
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

// A component whose `run` asks WASI for a pollable that is ready in 1 ms,
// blocks on it with `wasi:io/poll`'s `pollable.block`, then drops it.
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
    let engine = Engine::default();
    let component = Component::new(&engine, GUEST)?;

    let mut linker: Linker<Host> = Linker::new(&engine);
    // ANCHOR: linker
    wasmtime_wasi::p2::add_to_linker_sync(&mut linker)?;
    // ANCHOR_END: linker
    let host = Host {
        wasi: WasiCtxBuilder::new().build(),
        table: ResourceTable::new(),
    };
    let mut store = Store::new(&engine, host);

    let instance = linker.instantiate(&mut store, &component)?;
    let run = instance.get_typed_func::<(), ()>(&mut store, "run")?;
    run.call(&mut store, ())?;
    // ANCHOR_END: embedding
    println!("the guest returned");
    Ok(())
}
