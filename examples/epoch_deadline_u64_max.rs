//! The mistake before Wasmtime 50: `u64::MAX` as a "no deadline" epoch delta once the epoch has advanced; the deadline is the current epoch plus the delta, and the addition overflows.
use wasmtime::{Config, Engine, Store};

fn main() -> wasmtime::Result<()> {
    let mut config = Config::new();
    config.epoch_interruption(true);
    let engine = Engine::new(&config)?;
    // A ticker has run for a while: the epoch is above 0.
    engine.increment_epoch();

    let mut store = Store::new(&engine, ());
    // ANCHOR: mistake
    // The mistake: "never" as the largest delta.
    store.set_epoch_deadline(u64::MAX);
    // ANCHOR_END: mistake
    println!("set_epoch_deadline(u64::MAX) returned");
    Ok(())
}
