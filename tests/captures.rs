//! Runs every program in examples/ on the Wasmtime this crate is built
//! against and compares what it prints (stdout and stderr, interleaved as a
//! terminal shows them) and its exit status with captures/NAME/VERSION.txt.
//! Compiles every program in examples/does_not_compile/ and compares what
//! the compiler says with captures/NAME/VERSION.txt the same way.
//! `GUIDE_BLESS=1` writes the captures instead (ci/bless).
//!
//! The sweep (ci/sweep) runs the same two tests on any version of
//! ci/wasmtime-majors: `GUIDE_SWEEP=write` records one line per program in
//! sweep/VERSION.txt (its outcome and the first line of its message)
//! instead of comparing with captures/, and `GUIDE_SWEEP=check` compares
//! with that file.

use guide_md::{normalise, swept_version, wasmtime_version, Capture, Program, Row};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// What a run of these tests does with what the programs print.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Compare with captures/NAME/VERSION.txt.
    Compare,
    /// Write captures/NAME/VERSION.txt (`GUIDE_BLESS=1`).
    Bless,
    /// Write sweep/VERSION.txt (`GUIDE_SWEEP=write`).
    SweepWrite,
    /// Compare with sweep/VERSION.txt (`GUIDE_SWEEP=check`).
    SweepCheck,
}

fn mode() -> Mode {
    match (std::env::var("GUIDE_SWEEP").as_deref(), std::env::var_os("GUIDE_BLESS").is_some()) {
        (Ok("write"), _) => Mode::SweepWrite,
        (Ok("check"), _) => Mode::SweepCheck,
        (Ok(other), _) => panic!("GUIDE_SWEEP={other}: use `write` or `check` (ci/sweep sets it)"),
        (Err(_), true) => Mode::Bless,
        (Err(_), false) => Mode::Compare,
    }
}

/// The Wasmtime version this crate was built against: a pinned one, or for
/// the sweep any of ci/wasmtime-majors.
fn version(root: &Path, mode: Mode) -> &'static str {
    let found = match mode {
        Mode::SweepWrite | Mode::SweepCheck => swept_version(root),
        Mode::Compare | Mode::Bless => wasmtime_version(root),
    };
    found.unwrap_or_else(|e| panic!("{e}"))
}

const TIMEOUT: Duration = Duration::from_secs(120);

#[test]
fn every_example_prints_its_capture() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mode = mode();
    let version = version(root, mode);
    // target/<profile>/deps/captures-HASH -> target/<profile>/examples/
    let bin_dir = std::env::current_exe().unwrap().parent().unwrap().parent().unwrap().join("examples");
    let mut rows = BTreeMap::new();

    let mut names: Vec<String> = fs::read_dir(root.join("examples"))
        .unwrap()
        .filter_map(|e| e.unwrap().file_name().to_str()?.strip_suffix(".rs").map(String::from))
        .collect();
    names.sort();
    assert!(!names.is_empty(), "no programs in examples/");

    let mut failures = Vec::new();
    // Examples run two at a time: each is mostly one process waiting on itself.
    for pair in names.chunks(2) {
        let results: Vec<_> = std::thread::scope(|s| {
            let handles: Vec<_> = pair
                .iter()
                .map(|n| {
                    let binary = bin_dir.join(n);
                    s.spawn(move || run(&binary, root, version))
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        for (name, actual) in pair.iter().zip(results) {
            let program = format!("examples/{name}.rs");
            match actual {
                Ok(actual) if matches!(mode, Mode::SweepWrite | Mode::SweepCheck) => {
                    rows.insert(name.clone(), Row::of(&actual, Program::Compiles));
                }
                Ok(actual) => compare(root, &program, name, version, &actual, mode, &mut failures),
                Err(e) => failures.push(format!("{program} on Wasmtime {version}: {e}")),
            }
        }
    }
    if matches!(mode, Mode::SweepWrite | Mode::SweepCheck) {
        // The examples this version's crate does not build (its examples/
        // links only those whose `//! Wasmtime:` line includes it).
        for name in programs_in(&repository(root).join("examples")) {
            rows.entry(name).or_insert(Row::NOT_BUILT);
        }
        sweep(root, version, mode, rows, &mut failures);
        assert!(failures.is_empty(), "\n{}\n", failures.join("\n\n"));
        return;
    }

    // A capture without its example would be shown for a program that is gone.
    // (Those of examples/does_not_compile/ are the other test's.)
    let not_compiling = does_not_compile(&repository(root));
    for dir in fs::read_dir(root.join("captures")).into_iter().flatten().flatten() {
        let name = dir.file_name().to_string_lossy().into_owned();
        if dir.path().join(format!("{version}.txt")).exists() && !names.contains(&name) && !not_compiling.contains(&name) {
            failures.push(format!(
                "captures/{name}/{version}.txt: examples/{name}.rs does not exist or does not run on {version}"
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}\n", failures.join("\n\n"));
}

/// Runs one example binary with stdout and stderr on one pipe, as a terminal
/// would interleave them, and normalises what it printed.
fn run(binary: &PathBuf, root: &Path, version: &str) -> Result<Capture, String> {
    let log = std::env::temp_dir().join(format!("guide-capture-{}-{version}-{}.log", std::process::id(), binary.file_name().unwrap().to_string_lossy()));
    let out = fs::File::create(&log).map_err(|e| e.to_string())?;
    let mut child = Command::new(binary)
        .current_dir(root)
        .env("RUST_BACKTRACE", "0")
        .env_remove("RUST_LIB_BACKTRACE")
        .stdin(Stdio::null())
        .stdout(out.try_clone().unwrap())
        .stderr(out)
        .spawn()
        .map_err(|e| format!("cannot run {}: {e} (did cargo build the examples?)", binary.display()))?;
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > TIMEOUT {
            child.kill().ok();
            return Err(format!("still running after {TIMEOUT:?}; killed"));
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let output = fs::read_to_string(&log).map_err(|e| e.to_string())?;
    fs::remove_file(&log).ok();
    let status = status.code().ok_or_else(|| format!("killed by a signal ({status}):\n{output}"))?;
    Ok(Capture { status, output: normalise(&output, root) })
}

/// Compares one program's output with its capture, or writes the capture
/// (`GUIDE_BLESS=1`); a difference is added to `failures`.
fn compare(root: &Path, program: &str, name: &str, version: &str, actual: &Capture, mode: Mode, failures: &mut Vec<String>) {
    let file = root.join("captures").join(name).join(format!("{version}.txt"));
    let shown = format!("captures/{name}/{version}.txt");
    if mode == Mode::Bless {
        fs::create_dir_all(file.parent().unwrap()).unwrap();
        fs::write(&file, actual.to_file()).unwrap();
        eprintln!("blessed {shown}");
        return;
    }
    match fs::read_to_string(&file).ok().and_then(|t| Capture::parse(&t)) {
        None => failures.push(format!("{program} on Wasmtime {version}: no capture at {shown}; run `ci/bless {version}`")),
        Some(expected) if expected != *actual => failures.push(format!(
            "{program} on Wasmtime {version} no longer prints {shown}\n\
             (- stored, + now; run `ci/bless {version}` if the change is deliberate)\n{}",
            similar::TextDiff::from_lines(&expected.to_file(), &actual.to_file())
                .unified_diff()
                .header(&shown, "actual")
        )),
        Some(_) => eprintln!("ok {shown}"),
    }
}

/// The repository: a matrix crate (ci/lib.sh) links its captures/ there,
/// and has in examples/ only links to the examples that run on its version.
fn repository(root: &Path) -> PathBuf {
    fs::canonicalize(root.join("captures")).unwrap().parent().unwrap().to_owned()
}

/// The names of the programs in examples/does_not_compile/. Cargo does not
/// build them: it finds examples/NAME.rs and examples/NAME/main.rs only.
fn does_not_compile(repo: &Path) -> Vec<String> {
    programs_in(&repo.join("examples").join("does_not_compile"))
}

/// The names of the `.rs` files in `dir`, sorted.
fn programs_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok()?.file_name().to_str()?.strip_suffix(".rs").map(String::from))
        .collect();
    names.sort();
    names
}

/// Both tests write (or check) their own programs' lines of one file, one
/// test at a time.
static SWEEP_FILE: Mutex<()> = Mutex::new(());

/// Writes `rows` into sweep/VERSION.txt, keeping the other test's lines
/// (`GUIDE_SWEEP=write`), or compares them with the file's
/// (`GUIDE_SWEEP=check`), adding a difference to `failures`.
fn sweep(root: &Path, version: &str, mode: Mode, rows: BTreeMap<String, Row>, failures: &mut Vec<String>) {
    let _one_at_a_time = SWEEP_FILE.lock().unwrap_or_else(|e| e.into_inner());
    let rel = guide_md::sweep::file(version);
    let path = repository(root).join(&rel);
    let text = fs::read_to_string(&path).unwrap_or_default();
    let stored = guide_md::sweep::parse(&rel, &text).unwrap_or_else(|e| panic!("{e}"));
    let command = format!("ci/sweep {}", version.split('.').next().unwrap());
    if mode == Mode::SweepWrite {
        let mut all = stored;
        all.extend(rows);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, guide_md::sweep::format(version, &all)).unwrap();
        eprintln!("wrote {}", rel.display());
        return;
    }
    let mine: BTreeMap<&String, &Row> = stored.iter().filter(|(n, _)| rows.contains_key(*n)).collect();
    let expected = guide_md::sweep::format(version, &mine.into_iter().map(|(n, r)| (n.clone(), r.clone())).collect());
    let actual = guide_md::sweep::format(version, &rows);
    if expected != actual {
        failures.push(format!(
            "{} no longer says what the programs do on Wasmtime {version}\n(- stored, + now; run `{command}` if the change is deliberate)\n{}",
            rel.display(),
            similar::TextDiff::from_lines(&expected, &actual).unified_diff().header(&rel.display().to_string(), "actual")
        ));
    }
}

/// Each program in examples/does_not_compile/ must fail to compile, against
/// exactly the dependency builds the examples link, with the diagnostics in
/// its capture. rustc runs directly (`--emit=metadata`, as `cargo check`):
/// no cargo, so no lock on the target directory and nothing rebuilt.
#[test]
fn every_program_that_must_not_compile_prints_its_capture() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mode = mode();
    let version = version(root, mode);
    let repo = repository(root);
    let mut rows = BTreeMap::new();
    // target/<profile>/deps/captures-HASH -> target/<profile>
    let profile = std::env::current_exe().unwrap().parent().unwrap().parent().unwrap().to_owned();
    let externs = externs(&profile).unwrap_or_else(|e| panic!("{e}"));
    let out_dir = std::env::temp_dir().join(format!("guide-does-not-compile-{}", std::process::id()));
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_owned());

    let mut failures = Vec::new();
    let names = does_not_compile(&repo);
    for name in &names {
        let program = format!("examples/does_not_compile/{name}.rs");
        if repo.join("examples").join(format!("{name}.rs")).exists() {
            failures.push(format!("{program}: examples/{name}.rs has the same name, and one capture directory"));
            continue;
        }
        match runs_on(&repo, name) {
            Ok(versions) if !versions.contains(&version) => {
                rows.insert(name.clone(), Row::NOT_BUILT);
                continue;
            }
            Ok(_) => {}
            Err(e) => {
                failures.push(format!("{program}: {e}"));
                continue;
            }
        }
        let start = Instant::now();
        // Run from the repository, with a relative path: the diagnostics
        // name the file as the page does.
        let out = Command::new(&rustc)
            .current_dir(&repo)
            .args([&program, "--edition=2021", "--crate-type=bin", "--emit=metadata", "--color=never"])
            .arg("--out-dir")
            .arg(&out_dir)
            .arg("-L")
            .arg(format!("dependency={}", profile.join("deps").display()))
            .args(externs.iter().flat_map(|e| ["--extern", e.as_str()]))
            .output()
            .expect("cannot run rustc");
        eprintln!("{program}: rustc took {:.2} s", start.elapsed().as_secs_f64());
        let stderr = String::from_utf8_lossy(&out.stderr);
        let actual = Capture { status: out.status.code().unwrap_or(-1), output: diagnostics(&stderr, &repo) };
        if actual.status == 0 {
            failures.push(format!("{program} compiled on Wasmtime {version}, but it must not"));
            continue;
        }
        match mode {
            Mode::SweepWrite | Mode::SweepCheck => {
                rows.insert(name.clone(), Row::of(&actual, Program::DoesNotCompile));
            }
            Mode::Compare | Mode::Bless => compare(root, &program, name, version, &actual, mode, &mut failures),
        }
    }
    fs::remove_dir_all(&out_dir).ok();
    if matches!(mode, Mode::SweepWrite | Mode::SweepCheck) {
        sweep(root, version, mode, rows, &mut failures);
        assert!(failures.is_empty(), "\n{}\n", failures.join("\n\n"));
        return;
    }

    // A capture for a version the program does not apply to.
    for name in &names {
        let applies = runs_on(&repo, name).is_ok_and(|v| v.contains(&version));
        if !applies && repo.join("captures").join(name).join(format!("{version}.txt")).exists() {
            failures.push(format!("captures/{name}/{version}.txt: examples/does_not_compile/{name}.rs does not apply to {version}"));
        }
    }
    assert!(failures.is_empty(), "\n{}\n", failures.join("\n\n"));
}

/// The versions of ci/wasmtime-majors a program applies to (its
/// `//! Wasmtime:` line, read as for every example).
fn runs_on(repo: &Path, name: &str) -> Result<Vec<&'static str>, String> {
    guide_md::example_majors(repo, name).map_err(|e| e.to_string())
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
    let text = normalise(&kept.join("\n"), repo);
    text.lines().map(|l| std_source(l) + "\n").collect()
}

/// The standard library's sources are at /rustc/COMMIT/library/..., or in
/// the rust-src component under the toolchain: both become $RUST_SRC/library/.
fn std_source(line: &str) -> String {
    if let Some(i) = line.find("/rustc/") {
        if line.get(i + 7..i + 47).is_some_and(|c| c.bytes().all(|b| b.is_ascii_hexdigit())) {
            return format!("{}$RUST_SRC{}", &line[..i], &line[i + 47..]);
        }
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
        let fields: Vec<&str> = dep.split(',').collect();
        let [_, name, _, fingerprint] = fields[..] else { return Err(format!("unexpected dependency entry {dep}")) };
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
