//! The mistake: a sync host function of your own that forwards to
//! wasmtime-wasi's sync implementation (`bindings::sync`'s `HostPollable::block`),
//! called from `main` under `#[tokio::main]`.
use wasmtime::component::{Component, Linker, Resource, ResourceTable};
use wasmtime::{Engine, Store};
use wasmtime_wasi::p2::DynPollable;
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

// A component whose `run` asks WASI for a pollable that is ready in 1 ms and
// hands it to the host's own `example:host/wait.wait-for`, then drops it.
const GUEST: &str = r#"
(component
  (import "wasi:io/poll@0.2.0" (instance $poll
    (export "pollable" (type $pollable (sub resource)))))
  (alias export $poll "pollable" (type $pollable))
  (import "wasi:clocks/monotonic-clock@0.2.0" (instance $clock
    (alias outer 1 $pollable (type $pollable))
    (export "subscribe-duration" (func (param "when" u64) (result (own $pollable))))))
  (import "example:host/wait" (instance $wait
    (alias outer 1 $pollable (type $pollable))
    (export "wait-for" (func (param "p" (borrow $pollable))))))
  (core func $subscribe (canon lower (func $clock "subscribe-duration")))
  (core func $wait-for (canon lower (func $wait "wait-for")))
  (core func $drop (canon resource.drop $pollable))
  (core module $m
    (import "host" "subscribe-duration" (func $subscribe (param i64) (result i32)))
    (import "host" "wait-for" (func $wait-for (param i32)))
    (import "host" "drop" (func $drop (param i32)))
    (func (export "run")
      (local $p i32)
      (local.set $p (call $subscribe (i64.const 1000000)))
      (call $wait-for (local.get $p))
      (call $drop (local.get $p))))
  (core instance $host
    (export "subscribe-duration" (func $subscribe))
    (export "wait-for" (func $wait-for))
    (export "drop" (func $drop)))
  (core instance $i (instantiate $m (with "host" (instance $host))))
  (func (export "run") (canon lift (core func $i "run"))))
"#;

#[tokio::main]
async fn main() -> wasmtime::Result<()> {
    // ANCHOR: embedding
    let engine = Engine::default();
    let component = Component::new(&engine, GUEST)?;

    let mut linker: Linker<Host> = Linker::new(&engine);
    wasmtime_wasi::p2::add_to_linker_sync(&mut linker)?;
    let mut wait = linker.instance("example:host/wait")?;
    wait.func_wrap(
        "wait-for",
        |mut store, (pollable,): (Resource<DynPollable>,)| {
            use wasmtime_wasi::p2::bindings::sync::io::poll::HostPollable;
            let table = store.data_mut().ctx().table;
            HostPollable::block(table, pollable)
        },
    )?;
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
