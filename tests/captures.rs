//! Runs every program in examples/ on the Wasmtime this crate is built
//! against and compares what it prints (stdout and stderr, interleaved as a
//! terminal shows them) and its exit status with captures/NAME/VERSION.txt.
//! `GUIDE_BLESS=1` writes the captures instead (ci/bless).

use guide_md::{normalise, wasmtime_version, Capture};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const TIMEOUT: Duration = Duration::from_secs(120);

#[test]
fn every_example_prints_its_capture() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let version = wasmtime_version(root).unwrap_or_else(|e| panic!("{e}"));
    // target/<profile>/deps/captures-HASH -> target/<profile>/examples/
    let bin_dir = std::env::current_exe().unwrap().parent().unwrap().parent().unwrap().join("examples");
    let bless = std::env::var_os("GUIDE_BLESS").is_some();

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
            let file = root.join("captures").join(name).join(format!("{version}.txt"));
            let shown = format!("captures/{name}/{version}.txt");
            let actual = match actual {
                Ok(capture) => capture,
                Err(e) => {
                    failures.push(format!("examples/{name}.rs on Wasmtime {version}: {e}"));
                    continue;
                }
            };
            if bless {
                fs::create_dir_all(file.parent().unwrap()).unwrap();
                fs::write(&file, actual.to_file()).unwrap();
                eprintln!("blessed {shown}");
                continue;
            }
            match fs::read_to_string(&file).ok().and_then(|t| Capture::parse(&t)) {
                None => failures.push(format!(
                    "examples/{name}.rs on Wasmtime {version}: no capture at {shown}; run `ci/bless {version}`"
                )),
                Some(expected) if expected != actual => failures.push(format!(
                    "examples/{name}.rs on Wasmtime {version} no longer prints {shown}\n\
                     (- stored, + now; run `ci/bless {version}` if the change is deliberate)\n{}",
                    similar::TextDiff::from_lines(&expected.to_file(), &actual.to_file())
                        .unified_diff()
                        .header(&shown, "actual")
                )),
                Some(_) => eprintln!("ok {shown}"),
            }
        }
    }

    // A capture without its example would be shown for a program that is gone.
    for dir in fs::read_dir(root.join("captures")).into_iter().flatten().flatten() {
        let name = dir.file_name().to_string_lossy().into_owned();
        if dir.path().join(format!("{version}.txt")).exists() && !names.contains(&name) {
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
