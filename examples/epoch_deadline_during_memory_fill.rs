//! A deadline that passes during one bulk memory instruction: a `memory.fill` of 256 MiB either runs to its end or is stopped partway, depending on the version.
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;
use wasmtime::{Config, Engine, Linker, Module, Store, Trap};

// ANCHOR: guest
// `fill` tells the host to start the ticker, fills its 256 MiB memory with
// ones in one instruction, tells the host to stop the ticker, and returns.
// No loop, so the only epoch check in its own code is the one on entry.
const GUEST: &str = r#"
(module
  (import "host" "start_ticking" (func $start_ticking))
  (import "host" "stop_ticking" (func $stop_ticking))
  (memory (export "memory") 4096)
  (func (export "fill")
    (call $start_ticking)
    (memory.fill (i32.const 0) (i32.const 1) (i32.const 268435456))
    (call $stop_ticking)))
"#;
// ANCHOR_END: guest

fn main() -> wasmtime::Result<()> {
    let mut config = Config::new();
    config.epoch_interruption(true);
    let engine = Engine::new(&config)?;
    let module = Module::new(&engine, GUEST)?;

    // A thread advances the epoch every millisecond while the guest says so,
    // and counts the ticks.
    let ticking = Arc::new(AtomicBool::new(false));
    let ticks = Arc::new(AtomicU64::new(0));
    let (go, count, ticker) = (ticking.clone(), ticks.clone(), engine.clone());
    std::thread::spawn(move || loop {
        std::thread::sleep(Duration::from_millis(1));
        if go.load(Ordering::SeqCst) {
            ticker.increment_epoch();
            count.fetch_add(1, Ordering::SeqCst);
        }
    });
    let mut linker = Linker::new(&engine);
    // The ticks counted when the guest stops the ticker: each of them
    // advanced the epoch after the guest started the fill and before it
    // returned from it.
    let during = Arc::new(AtomicU64::new(0));
    let (stop, counted, snapshot) = (ticking.clone(), ticks.clone(), during.clone());
    linker.func_wrap("host", "start_ticking", move || {
        ticking.store(true, Ordering::SeqCst);
    })?;
    linker.func_wrap("host", "stop_ticking", move || {
        stop.store(false, Ordering::SeqCst);
        snapshot.store(counted.load(Ordering::SeqCst), Ordering::SeqCst);
    })?;

    // ANCHOR: fill
    let mut store = Store::new(&engine, ());
    // One tick after the epoch of now: the deadline passes at the first tick.
    store.set_epoch_deadline(1);
    let instance = linker.instantiate(&mut store, &module)?;
    let fill = instance.get_typed_func::<(), ()>(&mut store, "fill")?;
    match fill.call(&mut store, ()) {
        Ok(()) => println!(
            "the fill ran to its end; the epoch passed the deadline while it ran: {}",
            during.load(Ordering::SeqCst) >= 1
        ),
        Err(error) => println!("the guest trapped: {:?}", error.downcast_ref::<Trap>()),
    }
    // ANCHOR_END: fill
    // The memory's last byte is written only if the fill got to its end.
    let memory = instance
        .get_memory(&mut store, "memory")
        .expect("the guest exports its memory");
    let last = memory.data(&store)[(256 << 20) - 1];
    println!("the fill reached the memory's last byte: {}", last == 1);
    Ok(())
}
