//! One test per Rust block of the book that applies to the Wasmtime version
//! this crate resolved (its Cargo.lock), named after the block's page and
//! line, for example `src/faq.md:55`. Each block is compiled and run by
//! skeptic's runtime, `skeptic::rt`, as skeptic's generated tests do. A block
//! of a program in examples/does_not_compile/ is not: tests/captures.rs
//! checks that it fails to compile, with the captured messages.
//!
//! The pages are read when the tests run, with ci/guide-md (the same reader
//! the mdbook preprocessor uses), not by a build script: editing a page
//! rebuilds nothing, not even this test. Skeptic's binary cache compiles again
//! only the blocks whose text changed; every block is run on every run.
//!
//!     cargo test --test book                         every block
//!     cargo test --test book -- faq.md               the blocks of one page
//!     cargo test --test book -- --exact src/faq.md:55    one block
//!
//! The harness is libtest-mimic (`harness = false`): libtest's command line
//! and summary, one trial per distinct program. What a block prints goes
//! straight to the terminal; a failing block is run once more on its own at
//! the end, so that its output (a compiler error, a panic) is shown under
//! its name.

use guide_md::{read_page, wasmtime_version, Captures, Mode, Program};
use libtest_mimic::{Arguments, Failed, Trial};
use std::cell::Cell;
use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::sync::{Arc, Mutex};

struct Block {
    /// The test name: the first place the program appears.
    name: String,
    code: String,
    no_run: bool,
    /// A whole example whose capture on this version fails: it must fail here.
    fails: bool,
}

/// Where skeptic looks for the dependencies a block links against.
struct Build {
    crate_dir: String,
    /// A path inside target/<profile>/build/, from which skeptic finds
    /// target/<profile>/ (it expects a build script's OUT_DIR).
    out_dir: String,
    triple: String,
    version: &'static str,
}

/// Skeptic's binary cache keeps at most this many MiB of compiled blocks
/// (`SKEPTIC_BINARY_CACHE_MB`) and prunes the rest before each run. Its
/// default, 1024, holds about 16 of our blocks (each links Wasmtime, about
/// 65 MB), so most would be compiled again on every run.
const BINARY_CACHE_MB: &str = "8192";

thread_local! {
    /// Set while this thread runs a block: skeptic reports a failing block by
    /// panicking, which check() catches and reports.
    static IN_BLOCK: Cell<bool> = const { Cell::new(false) };
}

fn main() -> ExitCode {
    if std::env::var_os("SKEPTIC_BINARY_CACHE_MB").is_none() {
        // Still one thread: nothing else reads the environment yet.
        std::env::set_var("SKEPTIC_BINARY_CACHE_MB", BINARY_CACHE_MB);
    }
    let args = Arguments::from_args();
    let (build, blocks) = match blocks() {
        Ok(found) => found,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(1);
        }
    };
    // Keep the default panic message for panics other than skeptic's.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !IN_BLOCK.with(Cell::get) {
            default_hook(info);
        }
    }));

    let failed: Arc<Mutex<Vec<Arc<Block>>>> = Arc::default();
    let trials = blocks
        .into_iter()
        .map(|block| {
            let (build, failed, block) = (Arc::clone(&build), Arc::clone(&failed), Arc::new(block));
            Trial::test(block.name.clone(), move || {
                check(&build, &block).map_err(|message| {
                    failed.lock().unwrap().push(Arc::clone(&block));
                    Failed::from(message)
                })
            })
        })
        .collect();
    let conclusion = libtest_mimic::run(&args, trials);

    let mut failed = failed.lock().unwrap().clone();
    failed.sort_by(|a, b| a.name.cmp(&b.name));
    for block in failed {
        println!("---- {} ----, run again on its own:", block.name);
        std::io::stdout().flush().ok();
        // skeptic's panic (the command it ran, with hundreds of --extern
        // flags) says nothing the failure above does not: IN_BLOCK hides it.
        let _ = check(&build, &block);
        std::io::stdout().flush().ok();
        std::io::stderr().flush().ok();
        println!();
    }
    if conclusion.has_failed() {
        ExitCode::from(101)
    } else {
        ExitCode::SUCCESS
    }
}

/// Every distinct program among the Rust blocks for this version, in page
/// order. The same program shown twice (a whole example and an excerpt of
/// it) is one test, and the map written for ci/test names both places.
fn blocks() -> Result<(Arc<Build>, Vec<Block>), Box<dyn std::error::Error>> {
    let crate_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let version = wasmtime_version(&crate_dir)?;
    // The matrix crates (ci/lib.sh) link to the repository's src/; read the
    // pages, examples and captures there, not the crate's filtered examples/.
    let root = fs::canonicalize(crate_dir.join("src"))?
        .parent()
        .unwrap()
        .to_owned();
    let captures = Captures::load(&root)?;

    // target/<profile>/deps/book-HASH -> target/<profile>
    let profile = std::env::current_exe()?
        .parent()
        .and_then(Path::parent)
        .ok_or("cannot find the target directory from this test's path")?
        .to_owned();
    let build = Arc::new(Build {
        crate_dir: crate_dir.display().to_string(),
        out_dir: profile
            .join("build")
            .join("guide-book")
            .join("out")
            .display()
            .to_string(),
        triple: host_triple()?,
        version,
    });

    let mut pages = Vec::new();
    for entry in fs::read_dir(root.join("src"))? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "md") {
            pages.push(path.strip_prefix(&root)?.to_owned());
        }
    }
    pages.sort();

    let mut blocks: Vec<Block> = Vec::new();
    let mut by_code: BTreeMap<String, usize> = BTreeMap::new();
    let mut map = String::new();
    for page in &pages {
        for block in read_page(&root, page, &captures, Mode::Check)?.blocks {
            if block.lang != "rust" || !block.versions.contains(&version) {
                continue;
            }
            // A block of examples/does_not_compile/NAME.rs (whole or an
            // excerpt) must not compile: tests/captures.rs compiles that
            // program and compares the compiler's messages with captures/.
            // `guide-md labels` leaves these blocks out too.
            if block.program == Program::DoesNotCompile {
                continue;
            }
            let place = format!("{}:{}", page.display(), block.line);
            // As skeptic's generated tests: hidden lines (`# ...`, the rest
            // of a rustdoc_include excerpt) included, after a newline.
            let code = format!("\n{}", unhide(&block.code));
            let index = *by_code.entry(code.clone()).or_insert_with(|| {
                // An example that fails on this version must fail here too:
                // cargo compiles it as an example (so a compile error cannot
                // pass for the expected failure), and tests/captures.rs checks
                // that it fails with exactly the captured message.
                let fails = block
                    .example
                    .as_ref()
                    .and_then(|e| captures.get(e, version))
                    .is_some_and(|c| c.status != 0);
                blocks.push(Block {
                    name: place.clone(),
                    code,
                    no_run: block.no_run,
                    fails,
                });
                blocks.len() - 1
            });
            map.push_str(&format!("{}\t{place}\n", blocks[index].name));
        }
    }
    // ci/test reads which places ran on this version (the label check).
    fs::write(profile.join("guide-blocks.tsv"), map)?;
    Ok((build, blocks))
}

/// The program a block stands for: a line hidden from readers with `# `
/// (or a lone `#`) is part of it. The same rule as skeptic's
/// `clean_omitted_line` and mdbook's hidden lines.
fn unhide(code: &str) -> String {
    code.lines()
        .map(|line| {
            let trimmed = line.trim_start();
            if let Some(rest) = trimmed.strip_prefix("# ") {
                rest
            } else if trimmed == "#" {
                ""
            } else {
                line
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn check(build: &Build, block: &Block) -> Result<(), String> {
    let attempt = || {
        IN_BLOCK.with(|b| b.set(true));
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            if block.no_run {
                skeptic::rt::compile_test(
                    &build.crate_dir,
                    &build.out_dir,
                    &build.triple,
                    &block.code,
                )
            } else {
                skeptic::rt::run_test(&build.crate_dir, &build.out_dir, &build.triple, &block.code)
            }
        }));
        IN_BLOCK.with(|b| b.set(false));
        outcome
    };
    let mut outcome = attempt();
    // skeptic 0.14.2 opens a cached binary for writing (to touch it) just
    // before running it; a process another thread forks meanwhile inherits
    // that handle until it execs, and Linux then refuses to start the binary
    // with ETXTBSY. The program never started: start it again.
    for _ in 0..3 {
        match &outcome {
            Err(panic)
                if panic_text(panic).is_some_and(|m| {
                    m.starts_with("Could not run") && m.contains("Text file busy")
                }) =>
            {
                std::thread::sleep(std::time::Duration::from_millis(100));
                outcome = attempt();
            }
            _ => break,
        }
    }
    match (outcome, block.fails) {
        (Ok(()), false) | (Err(_), true) => Ok(()),
        (Ok(()), true) => Err(format!(
            "this example fails on Wasmtime {} in captures/, but it succeeded here",
            build.version
        )),
        (Err(panic), false) => {
            let message = panic_text(&panic).unwrap_or_default();
            // skeptic's message is "Command failed:" and the whole command,
            // which for rustc is hundreds of --extern flags: say which step.
            Err(
                if message.starts_with("Command failed:")
                    && message.contains("\"--crate-type=bin\"")
                {
                    "the block does not compile (rustc failed)".to_owned()
                } else if message.starts_with("Command failed:") {
                    "the block compiled, and running it failed (it panicked or exited non-zero)"
                        .to_owned()
                } else {
                    message
                },
            )
        }
    }
}

fn panic_text(panic: &Box<dyn std::any::Any + Send>) -> Option<String> {
    panic
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
}

/// The target triple blocks are compiled for: the host's, as cargo test uses.
fn host_triple() -> Result<String, Box<dyn std::error::Error>> {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_owned());
    let out = Command::new(&rustc).arg("-vV").output()?;
    String::from_utf8(out.stdout)?
        .lines()
        .find_map(|l| l.strip_prefix("host: ").map(str::to_owned))
        .ok_or_else(|| format!("`{rustc} -vV` printed no host triple").into())
}
