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
//! This is a small test harness (`harness = false`) printing what libtest
//! prints. Blocks run two at a time (`--test-threads`, else the CPU count).
//! What they print goes straight to the terminal, a whole write at a time;
//! each result line is one write too, so `test NAME ... ok` lines stay
//! whole. A failing block is run once more on its own at the end, so that
//! its output (a compiler error, a panic) is shown under its name.

use guide_md::{read_page, wasmtime_version, Captures, Mode, Program};
use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::sync::{mpsc, Arc, Mutex};
use std::time::Instant;

/// The name of the threads that run blocks.
const WORKER: &str = "guide-block";

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

#[derive(Default)]
struct Args {
    filters: Vec<String>,
    skip: Vec<String>,
    exact: bool,
    list: bool,
    ignored: bool,
    threads: Option<usize>,
}

/// Skeptic's binary cache keeps at most this many MiB of compiled blocks
/// (`SKEPTIC_BINARY_CACHE_MB`) and prunes the rest before each run. Its
/// default, 1024, holds about 16 of our blocks (each links Wasmtime, about
/// 65 MB), so most would be compiled again on every run.
const BINARY_CACHE_MB: &str = "8192";

fn main() -> ExitCode {
    if std::env::var_os("SKEPTIC_BINARY_CACHE_MB").is_none() {
        // Still one thread: nothing else reads the environment yet.
        std::env::set_var("SKEPTIC_BINARY_CACHE_MB", BINARY_CACHE_MB);
    }
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(args) => args,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(1);
        }
    };
    let (build, blocks) = match blocks() {
        Ok(found) => found,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(1);
        }
    };
    let selected: Vec<Arc<Block>> = blocks
        .into_iter()
        .filter(|b| {
            let hit = |f: &String| if args.exact { &b.name == f } else { b.name.contains(f.as_str()) };
            (args.filters.is_empty() || args.filters.iter().any(hit)) && !args.skip.iter().any(hit)
        })
        .map(Arc::new)
        .collect();
    let total = selected.len();

    if args.list {
        for b in &selected {
            println!("{}: test", b.name);
        }
        return ExitCode::SUCCESS;
    }
    // No block is ignored: `--ignored` selects none.
    let selected = if args.ignored { Vec::new() } else { selected };
    let filtered_out = total - selected.len();

    // skeptic reports a failing block by panicking, which check() catches
    // and reports: keep the default panic message for any other panic only.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if std::thread::current().name() != Some(WORKER) {
            default_hook(info);
        }
    }));

    let start = Instant::now();
    println!("\nrunning {} test{}", selected.len(), if selected.len() == 1 { "" } else { "s" });
    let threads = args
        .threads
        .or_else(|| std::thread::available_parallelism().ok().map(|n| n.get()))
        .unwrap_or(1)
        .max(1);
    let queue = Arc::new(Mutex::new(selected.clone().into_iter()));
    let (tx, rx) = mpsc::channel();
    let workers: Vec<_> = (0..threads)
        .map(|_| {
            let (queue, tx, build) = (Arc::clone(&queue), tx.clone(), Arc::clone(&build));
            std::thread::Builder::new().name(WORKER.to_owned()).spawn(move || loop {
                let next = queue.lock().unwrap().next();
                let Some(block) = next else { break };
                let result = check(&build, &block);
                if tx.send((block, result)).is_err() {
                    break;
                }
            })
            .unwrap()
        })
        .collect();
    drop(tx);
    let mut failures = Vec::new();
    for (block, result) in rx {
        // One write per line: output from blocks still running cannot split it.
        match &result {
            Ok(()) => println!("test {} ... ok", block.name),
            Err(_) => println!("test {} ... FAILED", block.name),
        }
        if let Err(message) = result {
            failures.push((block, message));
        }
    }
    for worker in workers {
        worker.join().unwrap();
    }
    let elapsed = start.elapsed().as_secs_f64();
    let passed = selected.len() - failures.len();

    if !failures.is_empty() {
        failures.sort_by(|a, b| a.0.name.cmp(&b.0.name));
        println!("\nfailures:\n");
        for (block, message) in &failures {
            println!("---- {} ----\n{message}", block.name);
            println!("It printed, when run again on its own:");
            std::io::stdout().flush().ok();
            // On a worker thread: skeptic's panic (the command it ran, with
            // hundreds of --extern flags) says nothing the message above does not.
            let (build, block) = (Arc::clone(&build), Arc::clone(block));
            let _ = std::thread::Builder::new().name(WORKER.to_owned()).spawn(move || check(&build, &block)).unwrap().join();
            std::io::stdout().flush().ok();
            std::io::stderr().flush().ok();
            println!();
        }
        println!("\nfailures:");
        for (block, _) in &failures {
            println!("    {}", block.name);
        }
    }
    println!(
        "\ntest result: {}. {passed} passed; {} failed; 0 ignored; 0 measured; {filtered_out} filtered out; finished in {elapsed:.2}s\n",
        if failures.is_empty() { "ok" } else { "FAILED" },
        failures.len(),
    );
    if failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(101)
    }
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    let mut parsed = Args::default();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--exact" => parsed.exact = true,
            "--list" => parsed.list = true,
            "--ignored" => parsed.ignored = true,
            // Accepted for compatibility with libtest's flags; nothing to do.
            "--include-ignored" | "--nocapture" | "--show-output" | "-q" | "--quiet" => {}
            "--skip" => parsed.skip.push(args.next().ok_or("--skip needs a value")?),
            "--test-threads" => parsed.threads = Some(threads(&args.next().ok_or("--test-threads needs a value")?)?),
            "--color" | "--format" => {
                let value = args.next().ok_or(format!("{arg} needs a value"))?;
                check_option(&arg, &value)?;
            }
            _ if arg.starts_with("--test-threads=") => parsed.threads = Some(threads(&arg["--test-threads=".len()..])?),
            _ if arg.starts_with("--color=") || arg.starts_with("--format=") => {
                let (name, value) = arg.split_once('=').unwrap();
                check_option(name, value)?;
            }
            _ if arg.starts_with('-') => {
                return Err(format!(
                    "unknown option `{arg}` (this harness takes: FILTER, --exact, --skip F, --list, --test-threads N)"
                ))
            }
            _ => parsed.filters.push(arg),
        }
    }
    Ok(parsed)
}

fn threads(value: &str) -> Result<usize, String> {
    value.parse().ok().filter(|&n| n > 0).ok_or(format!("--test-threads: `{value}` is not a positive number"))
}

fn check_option(name: &str, value: &str) -> Result<(), String> {
    match (name, value) {
        ("--color", "auto" | "always" | "never") | ("--format", "pretty") => Ok(()),
        _ => Err(format!("{name} {value} is not supported by this harness (--format pretty only)")),
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
    let root = fs::canonicalize(crate_dir.join("src"))?.parent().unwrap().to_owned();
    let captures = Captures::load(&root)?;

    // target/<profile>/deps/book-HASH -> target/<profile>
    let profile = std::env::current_exe()?
        .parent()
        .and_then(Path::parent)
        .ok_or("cannot find the target directory from this test's path")?
        .to_owned();
    let build = Arc::new(Build {
        crate_dir: crate_dir.display().to_string(),
        out_dir: profile.join("build").join("guide-book").join("out").display().to_string(),
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
                let fails = block.example.as_ref().and_then(|e| captures.get(e, version)).is_some_and(|c| c.status != 0);
                blocks.push(Block { name: place.clone(), code, no_run: block.no_run, fails });
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
        catch_unwind(AssertUnwindSafe(|| {
            if block.no_run {
                skeptic::rt::compile_test(&build.crate_dir, &build.out_dir, &build.triple, &block.code)
            } else {
                skeptic::rt::run_test(&build.crate_dir, &build.out_dir, &build.triple, &block.code)
            }
        }))
    };
    let mut outcome = attempt();
    // skeptic 0.14.2 opens a cached binary for writing (to touch it) just
    // before running it; a process another thread forks meanwhile inherits
    // that handle until it execs, and Linux then refuses to start the binary
    // with ETXTBSY. The program never started: start it again.
    for _ in 0..3 {
        match &outcome {
            Err(panic) if panic_text(panic).is_some_and(|m| m.starts_with("Could not run") && m.contains("Text file busy")) => {
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
            Err(if message.starts_with("Command failed:") && message.contains("\"--crate-type=bin\"") {
                "the block does not compile (rustc failed)".to_owned()
            } else if message.starts_with("Command failed:") {
                "the block compiled, and running it failed (it panicked or exited non-zero)".to_owned()
            } else {
                message
            })
        }
    }
}

fn panic_text(panic: &Box<dyn std::any::Any + Send>) -> Option<String> {
    panic.downcast_ref::<String>().cloned().or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
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
