//! What a time limit costs, on the version it is built with. Run with
//! `ci/bench --calls` (a release build; the numbers depend on the machine,
//! so none is checked). Three questions:
//! - a guest call through `call` and through `call_async` (from Wasmtime 42
//!   every `call_async` runs the guest on a fiber of its own);
//! - a guest loop with no limit, with an epoch deadline or fuel that never
//!   runs out, and with a yield on every epoch tick or fuel slice;
//! - after a cancelled component call, a new store and instance: from the
//!   `Linker` each time, or from an `InstancePre` made once.
use std::time::{Duration, Instant};
use wasmtime::component::{Component, Linker as ComponentLinker};
use wasmtime::{Config, Engine, Instance, Module, Store, TypedFunc};

const ONE: &str = r#"(module (func (export "one") (result i32) i32.const 1))"#;
// `count` loops `n` times and returns `n`.
const COUNT: &str = r#"
(module
  (func (export "count") (param $n i64) (result i64) (local $i i64)
    (loop $again
      (local.set $i (i64.add (local.get $i) (i64.const 1)))
      (br_if $again (i64.lt_u (local.get $i) (local.get $n))))
    (local.get $i)))
"#;
// A component that imports `sleep` and exports `run`.
const COMPONENT: &str = r#"
(component
  (import "sleep" (func $sleep (param "ms" u32)))
  (core module $m
    (import "host" "sleep" (func $sleep (param i32)))
    (func (export "run") (param i32) local.get 0 call $sleep))
  (core func $sleep_lowered (canon lower (func $sleep)))
  (core instance $host (export "sleep" (func $sleep_lowered)))
  (core instance $i (instantiate $m (with "host" (instance $host))))
  (func (export "run") (param "ms" u32) (canon lift (core func $i "run"))))
"#;
const CALLS: u32 = 100_000;
const LOOPS: i64 = 300_000_000;
const INSTANCES: u32 = 2_000;
const ROUNDS: usize = 7;

/// The median over ROUNDS of how long `round` took.
fn median(mut round: impl FnMut() -> wasmtime::Result<()>) -> wasmtime::Result<Duration> {
    let mut times = Vec::new();
    for _ in 0..ROUNDS {
        let start = Instant::now();
        round()?;
        times.push(start.elapsed());
    }
    times.sort();
    Ok(times[ROUNDS / 2])
}

fn per(time: Duration, n: u32) -> f64 {
    time.as_nanos() as f64 / f64::from(n)
}

/// An engine with async support (needed up to 41; a no-op from 42).
fn async_config() -> Config {
    let mut config = Config::new();
    #[allow(deprecated)]
    config.async_support(true);
    config
}

fn runtime() -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
}

fn calls() -> wasmtime::Result<()> {
    let engine = Engine::new(&Config::new())?;
    let module = Module::new(&engine, ONE)?;
    let mut store = Store::new(&engine, ());
    let instance = Instance::new(&mut store, &module, &[])?;
    let one = instance.get_typed_func::<(), i32>(&mut store, "one")?;
    let blocking = median(|| {
        for _ in 0..CALLS {
            assert_eq!(one.call(&mut store, ())?, 1);
        }
        Ok(())
    })?;

    let engine = Engine::new(&async_config())?;
    let module = Module::new(&engine, ONE)?;
    let mut store = Store::new(&engine, ());
    let runtime = runtime()?;
    let instance = runtime.block_on(Instance::new_async(&mut store, &module, &[]))?;
    let one: TypedFunc<(), i32> = instance.get_typed_func(&mut store, "one")?;
    let fibered = median(|| {
        runtime.block_on(async {
            for _ in 0..CALLS {
                assert_eq!(one.call_async(&mut store, ()).await?, 1);
            }
            Ok(())
        })
    })?;
    println!("A call of an export that returns 1 (median of {ROUNDS} rounds of {CALLS} calls):");
    println!("  call:       {:>7.0} ns per call", per(blocking, CALLS));
    println!("  call_async: {:>7.0} ns per call", per(fibered, CALLS));
    Ok(())
}

/// How long `count(LOOPS)` takes in a store that `setup` prepares, called
/// with `call` or, when `yields`, with `call_async` on a current-thread
/// runtime while a thread advances the epoch every millisecond.
fn guest_loop(
    config: &Config,
    yields: bool,
    setup: impl Fn(&mut Store<()>) -> wasmtime::Result<()>,
) -> wasmtime::Result<Duration> {
    let engine = Engine::new(config)?;
    let module = Module::new(&engine, COUNT)?;
    let ticker = engine.clone();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let stopped = stop.clone();
    let ticking = std::thread::spawn(move || {
        while !stopped.load(std::sync::atomic::Ordering::Relaxed) {
            std::thread::sleep(Duration::from_millis(1));
            ticker.increment_epoch();
        }
    });
    let runtime = runtime()?;
    let time = median(|| {
        let mut store = Store::new(&engine, ());
        setup(&mut store)?;
        let n = if yields {
            runtime.block_on(async {
                let instance = Instance::new_async(&mut store, &module, &[]).await?;
                let count = instance.get_typed_func::<i64, i64>(&mut store, "count")?;
                count.call_async(&mut store, LOOPS).await
            })?
        } else {
            let instance = Instance::new(&mut store, &module, &[])?;
            let count = instance.get_typed_func::<i64, i64>(&mut store, "count")?;
            count.call(&mut store, LOOPS)?
        };
        assert_eq!(n, LOOPS);
        Ok(())
    })?;
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    ticking.join().expect("the ticker thread panicked");
    Ok(time)
}

fn limits() -> wasmtime::Result<()> {
    let plain = guest_loop(&Config::new(), false, |_| Ok(()))?;
    let mut epochs = Config::new();
    epochs.epoch_interruption(true);
    let deadline = guest_loop(&epochs, false, |store| {
        store.set_epoch_deadline(u64::MAX / 2);
        Ok(())
    })?;
    let mut epochs = async_config();
    epochs.epoch_interruption(true);
    let epoch_yields = guest_loop(&epochs, true, |store| {
        store.set_epoch_deadline(1);
        store.epoch_deadline_async_yield_and_update(1);
        Ok(())
    })?;
    let mut fuel = Config::new();
    fuel.consume_fuel(true);
    let fuel_only = guest_loop(&fuel, false, |store| store.set_fuel(u64::MAX))?;
    let mut fuel = async_config();
    fuel.consume_fuel(true);
    let fuel_yields = guest_loop(&fuel, true, |store| {
        store.set_fuel(u64::MAX)?;
        store.fuel_async_yield_interval(Some(10_000))
    })?;
    println!("A guest loop of {LOOPS} iterations (median of {ROUNDS} runs; a thread ticks the epoch every 1 ms):");
    for (what, time) in [
        ("no limit", plain),
        ("epoch deadline, not reached", deadline),
        ("epoch deadline, a yield per tick", epoch_yields),
        ("fuel, not run out", fuel_only),
        ("fuel, a yield per 10,000 units", fuel_yields),
    ] {
        println!(
            "  {what:<34} {:>6.1} ms ({:.2}x)",
            time.as_secs_f64() * 1e3,
            time.as_secs_f64() / plain.as_secs_f64()
        );
    }
    Ok(())
}

fn recovery() -> wasmtime::Result<()> {
    let engine = Engine::new(&async_config())?;
    let component = Component::new(&engine, COMPONENT)?;
    let mut linker: ComponentLinker<()> = ComponentLinker::new(&engine);
    linker
        .root()
        .func_wrap_async("sleep", |_store, (_ms,): (u32,)| Box::new(async { Ok(()) }))?;
    let pre = linker.instantiate_pre(&component)?;
    let runtime = runtime()?;
    let from_linker = median(|| {
        runtime.block_on(async {
            for _ in 0..INSTANCES {
                let mut store = Store::new(&engine, ());
                linker.instantiate_async(&mut store, &component).await?;
            }
            Ok(())
        })
    })?;
    let from_pre = median(|| {
        runtime.block_on(async {
            for _ in 0..INSTANCES {
                let mut store = Store::new(&engine, ());
                pre.instantiate_async(&mut store).await?;
            }
            Ok(())
        })
    })?;
    println!("A new store and component instance (median of {ROUNDS} rounds of {INSTANCES}):");
    println!(
        "  Linker::instantiate_async:      {:>6.1} µs",
        per(from_linker, INSTANCES) / 1e3
    );
    println!(
        "  InstancePre::instantiate_async: {:>6.1} µs",
        per(from_pre, INSTANCES) / 1e3
    );
    Ok(())
}

fn main() -> wasmtime::Result<()> {
    calls()?;
    limits()?;
    recovery()
}
