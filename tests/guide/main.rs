//! The guide's test, on the Wasmtime version this crate resolved (its
//! Cargo.lock): every Rust block of the book and every example, each
//! program compiled once, by skeptic's runtime (`skeptic::rt`).
//!
//! | Module | Trials |
//! | --- | --- |
//! | blocks.rs | one per distinct program among the book's Rust blocks, named after its first place (`src/faq.md:55`): it compiles and runs |
//! | captures.rs | one per example (`examples/NAME.rs`): what it prints is its capture; one per program in examples/does_not_compile/ |
//! | programs.rs | (none) compiles and runs each program once, for whichever trial asks first |
//!
//! A block that shows an example and that example's capture trial share one
//! compile: skeptic builds the executable, guide_md::keep keeps it, and the
//! capture trial runs it again with stdout and stderr interleaved (skeptic
//! shows them apart). So each example runs twice and compiles once.
//!
//!     cargo test --test guide                            everything
//!     cargo test --test guide -- faq.md                  the blocks of one page
//!     cargo test --test guide -- --exact src/faq.md:55   one block
//!     cargo test --test guide -- examples/sync_embedding.rs   one example's capture
//!
//! The harness is libtest-mimic (`harness = false`): libtest's command line
//! and summary. What a program prints under skeptic goes straight to the
//! terminal; a failing block is run once more on its own at the end, so
//! that its output (a compiler error, a panic) is shown under its name.

mod blocks;
mod captures;
mod programs;

use captures::{Mode, Run};
use libtest_mimic::{Arguments, Failed, Trial};
use programs::Programs;
use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Mutex};

fn main() -> ExitCode {
    // skeptic runs this binary as its compiler (guide_md::keep).
    if let Some(status) = guide_md::keep::run_as_rustc() {
        return status;
    }
    let args = Arguments::from_args();
    test(&args).unwrap_or_else(|e| {
        eprintln!("error: {e}");
        ExitCode::from(1)
    })
}

/// What the trials share, the book's blocks for this version (none when
/// blessing or sweeping: those run the examples only), and the trials.
fn test(args: &Arguments) -> Result<ExitCode, String> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mode = Mode::from_env()?;
    let version =
        if mode.sweeps() { guide_md::swept_version(&root) } else { guide_md::wasmtime_version(&root) }.map_err(|e| e.to_string())?;
    // The repository: a matrix crate (ci/lib.sh) links its captures/ there,
    // and has in examples/ only links to the examples that run on its version.
    let repo = fs::canonicalize(root.join("captures")).unwrap().parent().unwrap().to_owned();
    // target/<profile>/deps/guide-HASH -> target/<profile>
    let profile = std::env::current_exe()
        .map_err(|e| e.to_string())?
        .parent()
        .and_then(Path::parent)
        .ok_or("cannot find the target directory from this test's path")?
        .to_owned();
    let programs = Programs::new(&root, &profile)?;

    let stored = if mode.sweeps() {
        let rel = guide_md::sweep::file(version);
        guide_md::sweep::parse(&rel, &fs::read_to_string(repo.join(&rel)).unwrap_or_default()).map_err(|e| e.to_string())?
    } else {
        BTreeMap::new()
    };
    let run = Arc::new(Run { root, repo, version, mode, profile, stored, rows: Mutex::default(), programs });
    // Keep the executables of the examples as they are now, no others.
    let current = captures::names(&run.root, guide_md::Program::Compiles)
        .iter()
        .map(|name| Ok(guide_md::keep::kept(&run.programs.keep_dir, name, &run.example_text(name)?)))
        .collect::<Result<Vec<_>, String>>()?;
    guide_md::keep::prune(&run.programs.keep_dir, &current);

    let blocks = if mode == Mode::Compare {
        let (blocks, map) = blocks::blocks(&run.repo, version).map_err(|e| e.to_string())?;
        // ci/test names, for a failing block, the other places it is shown.
        fs::write(run.profile.join("guide-blocks.tsv"), map).map_err(|e| e.to_string())?;
        blocks
    } else {
        Vec::new()
    };
    programs::quiet_skeptic_panics();

    let failed: Arc<Mutex<Vec<Arc<blocks::Block>>>> = Arc::default();
    let mut trials: Vec<Trial> = blocks
        .into_iter()
        .map(|block| {
            let (run, failed, block) = (Arc::clone(&run), Arc::clone(&failed), Arc::new(block));
            Trial::test(block.name.clone(), move || {
                blocks::check(&run.programs, run.version, &block).map_err(|message| {
                    failed.lock().unwrap().push(Arc::clone(&block));
                    Failed::from(message)
                })
            })
        })
        .collect();
    trials.extend(captures::trials(&run));
    let (start, count) = (std::time::SystemTime::now(), trials.len() as u64);
    let conclusion = libtest_mimic::run(args, trials);
    // Every trial of the book's test ran and passed: the store keeps only
    // the executables this run compiled or used.
    if run.mode == Mode::Compare && conclusion.num_passed == count {
        guide_md::keep::prune_store(&guide_md::keep::store(&run.profile), start);
    }

    let mut failed = failed.lock().unwrap().clone();
    failed.sort_by(|a, b| a.name.cmp(&b.name));
    for block in failed {
        println!("---- {} ----, run again on its own:", block.name);
        std::io::stdout().flush().ok();
        // skeptic's panic (the command it ran, with hundreds of --extern
        // flags) says nothing the failure above does not: it is hidden.
        run.programs.skeptic_run(&block.code, block.no_run);
        std::io::stdout().flush().ok();
        std::io::stderr().flush().ok();
        println!();
    }
    if run.mode == Mode::SweepWrite && !conclusion.has_failed() {
        captures::write_sweep(&run)?;
    }
    Ok(conclusion.exit_code())
}
