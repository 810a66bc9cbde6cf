//! What the programs print. One trial per example, named after its file
//! (`examples/NAME.rs`): it runs the executable skeptic built for the
//! example (programs.rs) with stdout and stderr interleaved, as a terminal
//! shows them, and compares what it printed and its exit status with
//! captures/NAME/VERSION.txt. One trial per program in
//! examples/does_not_compile/: it compiles the program and compares what
//! the compiler says the same way. `GUIDE_BLESS=1` writes the captures
//! instead (ci/bless).
//!
//! The sweep (ci/sweep) runs the same trials on any version of
//! ci/wasmtime-matrix: `GUIDE_SWEEP=write` records one line per program in
//! sweep/VERSION.txt (its outcome and the first line of its message)
//! instead of comparing with captures/, and `GUIDE_SWEEP=check` compares
//! each program's line with that file.

use crate::programs::{Programs, Ran};
use guide_md::{normalise, Capture, Line, Program, Row};
use libtest_mimic::{Failed, Trial};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// What a run of these tests does with what the programs print.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Compare with captures/NAME/VERSION.txt.
    Compare,
    /// Write captures/NAME/VERSION.txt (`GUIDE_BLESS=1`).
    Bless,
    /// Write sweep/VERSION.txt (`GUIDE_SWEEP=write`).
    SweepWrite,
    /// Compare with sweep/VERSION.txt (`GUIDE_SWEEP=check`).
    SweepCheck,
}

impl Mode {
    pub fn from_env() -> Result<Mode, String> {
        match (std::env::var("GUIDE_SWEEP").as_deref(), std::env::var_os("GUIDE_BLESS").is_some()) {
            (Ok("write"), _) => Ok(Mode::SweepWrite),
            (Ok("check"), _) => Ok(Mode::SweepCheck),
            (Ok(other), _) => Err(format!("GUIDE_SWEEP={other}: use `write` or `check` (ci/sweep sets it)")),
            (Err(_), true) => Ok(Mode::Bless),
            (Err(_), false) => Ok(Mode::Compare),
        }
    }

    pub fn sweeps(self) -> bool {
        matches!(self, Mode::SweepWrite | Mode::SweepCheck)
    }
}

const TIMEOUT: Duration = Duration::from_secs(120);

/// What every trial needs to know.
pub struct Run {
    /// This crate: the repository, or a matrix crate (ci/lib.sh).
    pub root: PathBuf,
    /// The repository (a matrix crate links its src/, captures/ and
    /// examples there).
    pub repo: PathBuf,
    /// A pinned version, or for the sweep any of ci/wasmtime-matrix.
    pub version: &'static str,
    pub mode: Mode,
    /// target/<profile>/
    pub profile: PathBuf,
    /// sweep/VERSION.txt as stored (sweep modes).
    pub stored: BTreeMap<String, Line>,
    /// Each program's line, as the trials find them (sweep modes).
    pub rows: Mutex<BTreeMap<String, Line>>,
    pub programs: Programs,
}

impl Run {
    /// The source of examples/NAME.rs, which skeptic compiles.
    pub fn example_text(&self, name: &str) -> Result<String, String> {
        let path = self.root.join("examples").join(format!("{name}.rs"));
        fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))
    }
}

/// The capture trials: each example, each program that must not compile,
/// and the check that every capture (or sweep line) has its program.
pub fn trials(run: &Arc<Run>) -> Vec<Trial> {
    let mut trials = Vec::new();
    // The examples this crate builds (a matrix crate's examples/ links
    // only those whose `//! Wasmtime:` line includes its version).
    let examples = names(&run.root, Program::Compiles);
    for name in &examples {
        let (run, name) = (Arc::clone(run), name.clone());
        trials.push(Trial::test(format!("examples/{name}.rs"), move || {
            let actual = execute(&built(&run, &name)?, &run.root, run.version)?;
            Ok(record(&run, &name, &format!("examples/{name}.rs"), &actual, Program::Compiles)?)
        }));
    }
    let externs = Arc::new(externs(&run.profile));
    for name in names(&run.repo, Program::DoesNotCompile) {
        let (run, externs) = (Arc::clone(run), Arc::clone(&externs));
        trials.push(Trial::test(format!("examples/does_not_compile/{name}.rs"), move || {
            Ok(must_not_compile(&run, &name, externs.as_ref().as_ref().map_err(String::clone)?)?)
        }));
    }
    let run = Arc::clone(run);
    match run.mode {
        Mode::Compare | Mode::Bless => {
            trials.push(Trial::test("captures/: each capture has its program", move || stale_captures(&run, &examples)))
        }
        Mode::SweepCheck => {
            trials.push(Trial::test(format!("sweep/{}.txt: a line for each program", run.version), move || sweep_lists_every_program(&run)))
        }
        // The file is written after the programs ran (main.rs).
        Mode::SweepWrite => {}
    }
    trials
}

/// The executable skeptic built for example `name` (compiled, and run once
/// by skeptic, the first time a trial asks for it).
fn built(run: &Run, name: &str) -> Result<PathBuf, String> {
    let text = run.example_text(name)?;
    // guide_md::keep linked it there when skeptic compiled it.
    let kept = guide_md::keep::kept(&run.programs.keep_dir, name, &text);
    match run.programs.get(&text, true, false) {
        Ran::Ok | Ran::RunFailed if kept.exists() => Ok(kept),
        Ran::CompileFailed => Err(format!(
            "examples/{name}.rs does not compile on Wasmtime {} (rustc failed; run `cargo build --example {name}` for its errors)",
            run.version
        )),
        Ran::Other(message) => Err(message),
        _ => Err(format!("examples/{name}.rs compiled, but its executable was not kept in {}", run.programs.keep_dir.display())),
    }
}

/// sweep/VERSION.txt has a line for each program, and no other.
fn sweep_lists_every_program(run: &Run) -> Result<(), Failed> {
    let want: Vec<String> = guide_md::examples::all_examples(&run.repo).into_iter().map(|e| e.name).collect();
    let extra: Vec<&String> = run.stored.keys().filter(|n| !want.contains(n)).collect();
    let missing: Vec<&String> = want.iter().filter(|n| !run.stored.contains_key(*n)).collect();
    if extra.is_empty() && missing.is_empty() {
        return Ok(());
    }
    Err(Failed::from(format!(
        "sweep/{}.txt: lines for programs that do not exist: {extra:?}; no line for: {missing:?}; run `ci/sweep {}`",
        run.version,
        guide_md::sweep::sweep_arg(run.version)
    )))
}

/// What a program did, compared or written: its capture, or its sweep line.
fn record(run: &Run, name: &str, program: &str, actual: &Capture, kind: Program) -> Result<(), String> {
    match run.mode {
        Mode::Compare | Mode::Bless => compare(run, program, name, actual),
        Mode::SweepWrite | Mode::SweepCheck => sweep_row(run, name, Row::of(actual, kind)),
    }
}

/// Records a program's sweep line, with the source it ran from; with
/// `GUIDE_SWEEP=check`, it must be the stored one.
fn sweep_row(run: &Run, name: &str, row: Row) -> Result<(), String> {
    let line = Line { row, source: Some(source(run, name)?) };
    run.rows.lock().unwrap().insert(name.to_owned(), line.clone());
    if run.mode == Mode::SweepWrite || run.stored.get(name) == Some(&line) {
        return Ok(());
    }
    let text = |r: Option<&Line>| {
        r.map_or("(no line)".to_owned(), |r| {
            let one = BTreeMap::from([(name.to_owned(), r.clone())]);
            guide_md::sweep::format(run.version, &one).lines().last().unwrap_or_default().to_owned()
        })
    };
    Err(format!(
        "sweep/{}.txt no longer says what {name} does on Wasmtime {}\n- {}\n+ {}\n(run `ci/sweep --example {name} {}` if the change is deliberate)",
        run.version,
        run.version,
        text(run.stored.get(name)),
        text(Some(&line)),
        guide_md::sweep::sweep_arg(run.version)
    ))
}

/// The source hash of the text of program `name` that this version
/// compiles (its older form where that one is for this version): the same
/// file the book build hashes to check the line (guide_md::sweep).
fn source(run: &Run, name: &str) -> Result<String, String> {
    let form = guide_md::versions::form_for(&run.repo, name, run.version).map_err(|e| e.to_string())?;
    let text = fs::read_to_string(run.repo.join(&form)).map_err(|e| format!("{}: {e}", form.display()))?;
    Ok(guide_md::sweep::source_hash(&text))
}

/// sweep/VERSION.txt: the stored lines, each replaced by what this run
/// found, and "not built" for the examples this version's crate leaves out.
pub fn write_sweep(run: &Run) -> Result<(), String> {
    let mut all = run.stored.clone();
    all.extend(run.rows.lock().unwrap().clone());
    for name in names(&run.repo, Program::Compiles) {
        if !run.root.join("examples").join(format!("{name}.rs")).exists() {
            let line = Line { row: Row::NOT_BUILT, source: Some(source(run, &name)?) };
            all.insert(name, line);
        }
    }
    let rel = guide_md::sweep::file(run.version);
    let path = run.repo.join(&rel);
    fs::create_dir_all(path.parent().unwrap()).map_err(|e| e.to_string())?;
    fs::write(&path, guide_md::sweep::format(run.version, &all)).map_err(|e| e.to_string())?;
    eprintln!("wrote {}", rel.display());
    Ok(())
}

/// A capture without its program would be shown for a program that is gone,
/// or for a version the program does not run on.
fn stale_captures(run: &Run, examples: &[String]) -> Result<(), Failed> {
    let not_compiling = names(&run.repo, Program::DoesNotCompile);
    let mut stale = Vec::new();
    for dir in fs::read_dir(run.root.join("captures")).into_iter().flatten().flatten() {
        let name = dir.file_name().to_string_lossy().into_owned();
        let applies = if not_compiling.contains(&name) {
            guide_md::example_majors(&run.repo, &name).is_ok_and(|v| v.contains(&run.version))
        } else {
            examples.contains(&name)
        };
        if dir.path().join(format!("{}.txt", run.version)).exists() && !applies {
            stale.push(format!("captures/{name}/{}.txt: its program does not exist or does not run on {}", run.version, run.version));
        }
    }
    if stale.is_empty() {
        Ok(())
    } else {
        Err(stale.join("\n").into())
    }
}

/// Each program in examples/does_not_compile/ must fail to compile, against
/// exactly the dependency builds the examples link, with the diagnostics in
/// its capture. rustc runs directly (`--emit=metadata`, as `cargo check`):
/// no cargo, so no lock on the target directory and nothing rebuilt.
fn must_not_compile(run: &Run, name: &str, externs: &[String]) -> Result<(), String> {
    let program = format!("examples/does_not_compile/{name}.rs");
    if run.repo.join("examples").join(format!("{name}.rs")).exists() {
        return Err(format!("{program}: examples/{name}.rs has the same name, and one capture directory"));
    }
    if !guide_md::example_majors(&run.repo, name).map_err(|e| format!("{program}: {e}"))?.contains(&run.version) {
        return if run.mode.sweeps() { sweep_row(run, name, Row::NOT_BUILT) } else { Ok(()) };
    }
    let out_dir = std::env::temp_dir().join(format!("guide-does-not-compile-{}-{name}", std::process::id()));
    // Not skeptic's compiler (this test, guide_md::keep): rustc itself.
    let rustc = guide_md::keep::real_rustc();
    let start = Instant::now();
    // Run from the repository, with a relative path: the diagnostics name
    // the file as the page does.
    let out = Command::new(&rustc)
        .current_dir(&run.repo)
        .args([&program, "--edition=2021", "--crate-type=bin", "--emit=metadata", "--color=never"])
        .arg(format!("--out-dir={}", out_dir.display()))
        .arg(format!("-Ldependency={}", run.profile.join("deps").display()))
        .args(externs.iter().flat_map(|e| ["--extern", e.as_str()]))
        .output()
        .map_err(|e| format!("cannot run {rustc}: {e}"))?;
    fs::remove_dir_all(&out_dir).ok();
    eprintln!("{program}: rustc took {:.2} s", start.elapsed().as_secs_f64());
    let stderr = String::from_utf8_lossy(&out.stderr);
    // Diagnostics change between compilers: the capture says whose they are
    // (ci/wasmtime-matrix names each version's toolchain).
    let version = Command::new(&rustc).arg("-V").output().map_err(|e| format!("cannot run {rustc} -V: {e}"))?;
    let actual = Capture {
        status: out.status.code().unwrap_or(-1),
        output: format!("compiled by {}{}", String::from_utf8_lossy(&version.stdout), diagnostics(&stderr, &run.repo)),
    };
    if actual.status == 0 {
        return Err(format!("{program} compiled on Wasmtime {}, but it must not", run.version));
    }
    record(run, name, &program, &actual, Program::DoesNotCompile)
}

/// Runs one example binary with stdout and stderr on one pipe, as a terminal
/// would interleave them, and normalises what it printed.
fn execute(binary: &Path, root: &Path, version: &str) -> Result<Capture, String> {
    let log = std::env::temp_dir().join(format!(
        "guide-capture-{}-{version}-{}.log",
        std::process::id(),
        binary.file_name().unwrap().to_string_lossy()
    ));
    let out = fs::File::create(&log).map_err(|e| e.to_string())?;
    let mut child = Command::new(binary)
        .current_dir(root)
        .env("RUST_BACKTRACE", "0")
        .env_remove("RUST_LIB_BACKTRACE")
        .stdin(Stdio::null())
        .stdout(out.try_clone().unwrap())
        .stderr(out)
        .spawn()
        .map_err(|e| format!("cannot run {}: {e}", binary.display()))?;
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > TIMEOUT {
            child.kill().ok();
            return Err(format!("still running after {TIMEOUT:?}; killed"));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let status = child.wait().unwrap();
    let output = fs::read_to_string(&log).map_err(|e| e.to_string())?;
    fs::remove_file(&log).ok();
    let status = status.code().ok_or_else(|| format!("killed by a signal ({status}):\n{output}"))?;
    Ok(Capture { status, output: normalise(&output, root) })
}

/// Compares one program's output with its capture, or writes the capture
/// (`GUIDE_BLESS=1`).
fn compare(run: &Run, program: &str, name: &str, actual: &Capture) -> Result<(), String> {
    let version = run.version;
    let file = run.root.join("captures").join(name).join(format!("{version}.txt"));
    let shown = format!("captures/{name}/{version}.txt");
    if run.mode == Mode::Bless {
        fs::create_dir_all(file.parent().unwrap()).map_err(|e| e.to_string())?;
        fs::write(&file, actual.to_file()).map_err(|e| e.to_string())?;
        eprintln!("blessed {shown}");
        return Ok(());
    }
    match fs::read_to_string(&file).ok().and_then(|t| Capture::parse(&t)) {
        None => Err(format!("{program} on Wasmtime {version}: no capture at {shown}; run `ci/bless {version}`")),
        Some(expected) if expected != *actual => Err(format!(
            "{program} on Wasmtime {version} no longer prints {shown}\n\
             (- stored, + now; run `ci/bless {version}` if the change is deliberate)\n{}",
            similar::TextDiff::from_lines(&expected.to_file(), &actual.to_file()).unified_diff().header(&shown, "actual")
        )),
        Some(_) => Ok(()),
    }
}

/// The names of the programs of one kind in `dir`, sorted: the repository,
/// or a matrix crate, whose examples/ links only the examples of its version.
pub fn names(dir: &Path, kind: Program) -> Vec<String> {
    guide_md::examples::all_examples(dir).into_iter().filter(|e| e.program == kind).map(|e| e.name).collect()
}

/// What the compiler said that a reader needs and that does not change from
/// one machine or run to the next: the `error` lines, where they are
/// (`-->`), and the `note:` and `help:` lines. Source excerpts are left out
/// (the page shows the program), and so is the closing "aborting due to".
fn diagnostics(stderr: &str, repo: &Path) -> String {
    let kept: Vec<&str> = stderr
        .lines()
        .filter(|l| {
            let t = l.trim_start();
            (t.starts_with("error") && !t.starts_with("error: aborting due to"))
                || t.starts_with("--> ")
                || t.starts_with("note: ")
                || t.starts_with("= note: ")
                || t.starts_with("= help: ")
        })
        // Written to a file with a random name; rustc says where.
        .filter(|l| !l.contains("the full name for the type has been written to") && !l.contains("consider using `--verbose`"))
        .collect();
    normalise(&kept.join("\n"), repo).lines().map(|l| std_source(l) + "\n").collect()
}

/// The standard library's sources are at /rustc/COMMIT/library/..., or in
/// the rust-src component under the toolchain: both become $RUST_SRC/library/.
fn std_source(line: &str) -> String {
    if let Some(i) = line.find("/rustc/").filter(|&i| line.get(i + 7..i + 47).is_some_and(|c| c.bytes().all(|b| b.is_ascii_hexdigit()))) {
        return format!("{}$RUST_SRC{}", &line[..i], &line[i + 47..]);
    }
    if let Some(j) = line.find("/lib/rustlib/src/rust/") {
        let start = line[..j].rfind(' ').map_or(0, |s| s + 1);
        return format!("{}$RUST_SRC{}", &line[..start], &line[j + "/lib/rustlib/src/rust".len()..]);
    }
    line.to_owned()
}

/// The dependency builds this test binary was linked with, as `--extern
/// NAME=PATH`: the builds the examples link too (both targets get the
/// dependencies and dev-dependencies, with the same features). A target
/// directory keeps every build ever made, so "the one libtokio-*.rlib" is
/// not an answer; cargo's fingerprint of this test says which: its `deps`
/// hold each dependency's name and fingerprint hash, and the directory whose
/// `lib-NAME` file holds that hash is the build (skeptic's rt.rs finds
/// them the same way, for every transitive dependency).
fn externs(profile: &Path) -> Result<Vec<String>, String> {
    let fingerprints = profile.join(".fingerprint");
    let exe = std::env::current_exe().unwrap();
    let hash = exe.file_name().unwrap().to_str().unwrap().rsplit_once('-').ok_or("no hash in this test's file name")?.1.to_owned();
    let own = fingerprints
        .join(format!("{}-{hash}", env!("CARGO_PKG_NAME")))
        .join(format!("test-integration-test-{}.json", env!("CARGO_CRATE_NAME")));
    let json = fs::read_to_string(&own).map_err(|e| format!("{}: {e} (cargo's classic target layout expected)", own.display()))?;
    // "deps":[[INDEX,"NAME",PUBLIC,HASH],...]
    let deps = json.split_once("\"deps\":[").ok_or("no deps in this test's fingerprint")?.1;
    let deps = &deps[..deps.find("]]").map_or(0, |i| i + 1)];
    let mut externs = Vec::new();
    for dep in deps.split("],").map(|d| d.trim_matches(|c| c == '[' || c == ']')) {
        let [_, name, _, fingerprint] = dep.split(',').collect::<Vec<_>>()[..] else {
            return Err(format!("unexpected dependency entry {dep}"));
        };
        let name = name.trim_matches('"');
        let want = format!("{:016x}", fingerprint.parse::<u64>().map_err(|e| e.to_string())?.swap_bytes());
        let unit = fs::read_dir(&fingerprints)
            .map_err(|e| e.to_string())?
            .flatten()
            .find(|d| fs::read_to_string(d.path().join(format!("lib-{name}"))).is_ok_and(|h| h.trim() == want))
            .ok_or(format!("no build of {name} with fingerprint {want} in {}", fingerprints.display()))?;
        let unit = unit.file_name().into_string().unwrap();
        let meta = unit.rsplit_once('-').unwrap().1;
        let lib = ["rlib", "so"]
            .iter()
            .map(|ext| profile.join("deps").join(format!("lib{name}-{meta}.{ext}")))
            .find(|p| p.exists())
            .ok_or(format!("no library file for {unit}"))?;
        externs.push(format!("{name}={}", lib.display()));
    }
    Ok(externs)
}
