//! `bindgen!` per-function keys for a resource: its constructor, a method and its drop made async by name, with the `.` separator.
//! Wasmtime: v39-50
use guide::bindgen::host::{Counter, HostCounter};
use wasmtime::component::{bindgen, Component, HasSelf, Linker, Resource};
use wasmtime::{Config, Engine, Store};

// ANCHOR: bindgen
bindgen!({
    inline: "
        package guide:bindgen;

        interface host {
            resource counter {
                constructor(start: u32);
                increment: func() -> u32;
            }
        }

        world counting {
            import host;
            export run: func() -> u32;
        }
    ",
    imports: {
        "guide:bindgen/host.[constructor]counter": async,
        "guide:bindgen/host.[method]counter.increment": async,
        "guide:bindgen/host.[drop]counter": async,
    },
    exports: { default: async },
});
// ANCHOR_END: bindgen

// The guest creates a counter starting at 40, increments it twice, drops it,
// and returns the last value.
const GUEST: &str = r#"
(component
  (import "guide:bindgen/host" (instance $host
    (export "counter" (type $counter (sub resource)))
    (export "[constructor]counter" (func (param "start" u32) (result (own $counter))))
    (export "[method]counter.increment" (func (param "self" (borrow $counter)) (result u32)))))
  (alias export $host "counter" (type $counter))
  (alias export $host "[constructor]counter" (func $new))
  (alias export $host "[method]counter.increment" (func $increment))
  (core func $new_lowered (canon lower (func $new)))
  (core func $increment_lowered (canon lower (func $increment)))
  (core func $drop (canon resource.drop $counter))
  (core module $m
    (import "host" "new" (func $new (param i32) (result i32)))
    (import "host" "increment" (func $increment (param i32) (result i32)))
    (import "host" "drop" (func $drop (param i32)))
    (func (export "run") (result i32)
      (local $counter i32) (local $last i32)
      (local.set $counter (call $new (i32.const 40)))
      (drop (call $increment (local.get $counter)))
      (local.set $last (call $increment (local.get $counter)))
      (call $drop (local.get $counter))
      (local.get $last)))
  (core instance $host_core
    (export "new" (func $new_lowered))
    (export "increment" (func $increment_lowered))
    (export "drop" (func $drop)))
  (core instance $i (instantiate $m (with "host" (instance $host_core))))
  (func (export "run") (result u32)
    (canon lift (core func $i "run"))))
"#;

/// The counters, indexed by the resource's `rep`.
#[derive(Default)]
struct Host {
    counters: Vec<u32>,
}

impl guide::bindgen::host::Host for Host {}

// ANCHOR: impl
// Each key turned one function of the resource into an `async fn`.
impl HostCounter for Host {
    async fn new(&mut self, start: u32) -> Resource<Counter> {
        tokio::task::yield_now().await;
        let rep = self.counters.len() as u32;
        self.counters.push(start);
        println!("constructor: counter {rep} starts at {start}");
        Resource::new_own(rep)
    }

    async fn increment(&mut self, counter: Resource<Counter>) -> u32 {
        tokio::task::yield_now().await;
        let value = &mut self.counters[counter.rep() as usize];
        *value += 1;
        *value
    }

    async fn drop(&mut self, counter: Resource<Counter>) -> wasmtime::Result<()> {
        tokio::task::yield_now().await;
        let rep = counter.rep();
        let value = self.counters[rep as usize];
        println!("drop: counter {rep} ends at {value}");
        Ok(())
    }
}
// ANCHOR_END: impl

#[tokio::main]
async fn main() -> wasmtime::Result<()> {
    let mut config = Config::new();
    // Needed up to Wasmtime 41; a deprecated no-op from 42 on.
    #[allow(deprecated)]
    config.async_support(true);
    let engine = Engine::new(&config)?;
    let component = Component::new(&engine, GUEST)?;

    let mut linker: Linker<Host> = Linker::new(&engine);
    Counting::add_to_linker::<_, HasSelf<_>>(&mut linker, |host| host)?;

    let mut store = Store::new(&engine, Host::default());
    let counting = Counting::instantiate_async(&mut store, &component, &linker).await?;
    let last = counting.call_run(&mut store).await?;
    println!("run() = {last}");
    Ok(())
}
