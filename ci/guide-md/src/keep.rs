//! Keeps the binary skeptic builds for each program, so that an example's
//! capture is taken from the program the book's test compiled, each program
//! is compiled once per version, and a program is compiled again only when
//! what it is built from changes.
//!
//! skeptic 0.14.2 compiles a block with `$RUSTC` into a temporary directory
//! and runs it with stdout and stderr on separate pipes, so its run cannot
//! give a capture (both interleaved, as a terminal shows them). So this test
//! binary is skeptic's `$RUSTC`: `install` points `RUSTC` at it, and when
//! skeptic runs it as a compiler (`run_as_rustc`) it gives skeptic the
//! executable, from its store (`target/<profile>/guide-compiled/KEY`) or
//! from the real compiler, and, for an example, links it into
//! `target/<profile>/guide-programs/NAME-KEY`, where `kept` finds it.
//!
//! The store is in place of skeptic's own binary cache, whose feature
//! Cargo.toml leaves off. That cache's key holds the size and time of every
//! library skeptic passes, which is every dependency of the test: so every
//! edit to `guide_md` (this crate) compiled every program again, and so did
//! skeptic choosing another of two builds of a crate no program names (it
//! chooses again after an hour). The store's key holds only the libraries a
//! program may name (`built_from`). With the cache off, skeptic still
//! compiles (through this binary) and runs every program, every run.
//!
//! The test at the repository root (`tests/guide/`) uses it; it lives here
//! so that its unit tests run (that test has no libtest harness). For an
//! example it also passes `--remap-path-prefix`, so that a panic in the
//! program names `examples/NAME.rs` (as `cargo run --example NAME` prints),
//! not skeptic's temporary `test.rs`.

use std::env;
use std::ffi::OsString;
use std::fs;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::SystemTime;

/// The compiler `run_as_rustc` runs: `$RUSTC` as it was, or `rustc`.
const REAL_RUSTC: &str = "GUIDE_KEEP_REAL_RUSTC";
/// What that compiler's `-vV` prints, read once by `install`.
const RUSTC_VERSION: &str = "GUIDE_KEEP_RUSTC_VERSION";
/// Where executables are kept.
const KEEP_DIR: &str = "GUIDE_KEEP_DIR";
/// The store of executables by what they are built from.
const STORE: &str = "GUIDE_KEEP_STORE";
/// The crate's examples/ (a matrix crate's holds this version's only).
const EXAMPLES: &str = "GUIDE_KEEP_EXAMPLES";
/// The libraries a program may name (`pins::dependencies`), by spaces.
const LIBRARIES: &str = "GUIDE_KEEP_LIBRARIES";

/// Makes skeptic compile through this test binary, into `store`, keeping
/// examples in `keep_dir`; `libraries`: those a program may name. Call it
/// from `main` before any other thread starts: it sets environment variables.
pub fn install(keep_dir: &Path, store: &Path, examples: &Path, libraries: &[String]) -> Result<(), String> {
    let me = env::current_exe().map_err(|e| e.to_string())?;
    for dir in [keep_dir, store] {
        fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    let real = env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let version = Command::new(&real).arg("-vV").output().map_err(|e| format!("{}: {e}", real.to_string_lossy()))?;
    env::set_var(RUSTC_VERSION, String::from_utf8_lossy(&version.stdout).as_ref());
    env::set_var(REAL_RUSTC, real);
    env::set_var(KEEP_DIR, keep_dir);
    env::set_var(STORE, store);
    env::set_var(EXAMPLES, examples);
    env::set_var(LIBRARIES, libraries.join(" "));
    env::set_var("RUSTC", me);
    Ok(())
}

/// The compiler's host triple, from what its `-vV` printed to `install`.
pub fn rustc_host() -> Option<String> {
    env::var(RUSTC_VERSION).ok()?.lines().find_map(|l| l.strip_prefix("host: ").map(str::to_owned))
}

/// The compiler itself, for callers that want rustc and not this binary:
/// `$RUSTC` as it was before `install`, or `rustc`.
pub fn real_rustc() -> String {
    env::var(REAL_RUSTC).or_else(|_| env::var("RUSTC")).unwrap_or_else(|_| "rustc".to_owned())
}

/// When skeptic runs this binary as its compiler: gives skeptic the
/// program's executable (from the store, or compiled and stored), keeps an
/// example's, and exits with the compiler's status.
pub fn run_as_rustc() -> Option<ExitCode> {
    let real = env::var_os(REAL_RUSTC)?;
    let args: Vec<OsString> = env::args_os().skip(1).collect();
    let mut rustc = Command::new(&real);
    rustc.args(&args);
    let Some((source, output)) = skeptic_program(&args) else { return Some(exit(rustc.status(), &real)) };
    let text = fs::read_to_string(&source).ok()?;
    let libraries = env::var(LIBRARIES).ok()?;
    let libraries: Vec<&str> = libraries.split_whitespace().collect();
    let entry = PathBuf::from(env::var_os(STORE)?).join(built_from(&args, &text, &libraries));
    let name = example_named(&text);
    if let Ok(file) = fs::File::open(&entry) {
        // Used by this run: `prune_store` keeps it.
        file.set_modified(SystemTime::now()).ok();
    } else {
        if let Some(name) = &name {
            let mut remap = OsString::from("--remap-path-prefix=");
            remap.push(&source);
            remap.push(format!("=examples/{name}.rs"));
            rustc.arg(remap);
        }
        let status = rustc.status();
        if !status.as_ref().is_ok_and(|s| s.success()) {
            return Some(exit(status, &real));
        }
        if let Err(e) = keep(&output, &entry) {
            eprintln!("tests/guide: could not store {}: {e}", output.display());
            return Some(ExitCode::from(1));
        }
    }
    let mut links = vec![output];
    if let Some(name) = name {
        links.push(kept(&PathBuf::from(env::var_os(KEEP_DIR)?), &name, &text));
    }
    for link in links {
        if let Err(e) = keep(&entry, &link) {
            // skeptic shows this with the failure it then reports.
            eprintln!("tests/guide: could not link {} to {}: {e}", link.display(), entry.display());
            return Some(ExitCode::from(1));
        }
    }
    Some(ExitCode::SUCCESS)
}

/// The compiler's exit status as this process's.
fn exit(status: std::io::Result<std::process::ExitStatus>, rustc: &std::ffi::OsStr) -> ExitCode {
    match status {
        Ok(status) => ExitCode::from(status.code().unwrap_or(1).clamp(0, 255) as u8),
        Err(e) => {
            eprintln!("tests/guide: cannot run {}: {e}", rustc.to_string_lossy());
            ExitCode::from(1)
        }
    }
}

/// The store's name for an executable: a hash of what it is built from.
/// That is the compiler (what its `-vV` prints), the program's text and the
/// arguments skeptic passes, less the temporary paths (the source, `-o`),
/// and of the `--extern` libraries, those a program may name (`libraries`,
/// Cargo.toml's `[dependencies]`), each with its path, size and
/// modification time, as skeptic's own cache keyed them. The others are
/// not: a program names none of them, rustc finds what it links of them
/// through the libraries it names, and a rebuild of one rebuilds those.
fn built_from(args: &[OsString], text: &str, libraries: &[&str]) -> String {
    let mut inputs: Vec<String> = vec![env::var(RUSTC_VERSION).unwrap_or_default(), text.to_owned()];
    for (i, arg) in args.iter().enumerate().skip(1) {
        let (arg, after) = (arg.to_string_lossy(), args[i - 1].to_str());
        match after {
            // How many libraries skeptic passes is no input either.
            _ if arg == "-o" || arg == "--extern" => {}
            Some("-o") => {}
            Some("--extern") => {
                let Some((name, path)) = arg.split_once('=') else { continue };
                if libraries.contains(&name) {
                    let meta = fs::metadata(path).ok();
                    inputs.push(format!("{arg} {:?}", meta.map(|m| (m.len(), m.modified().ok()))));
                }
            }
            _ => inputs.push(arg.into_owned()),
        }
    }
    hash128(&inputs)
}

/// 32 hex digits, so that two inputs never share a name by accident.
fn hash128(value: &impl Hash) -> String {
    let hash = |salt: u8| {
        let mut hasher = DefaultHasher::new();
        (salt, value).hash(&mut hasher);
        hasher.finish()
    };
    format!("{:016x}{:016x}", hash(0), hash(1))
}

/// Where the executable of example `name` with source `text` is kept.
pub fn kept(keep_dir: &Path, name: &str, text: &str) -> PathBuf {
    keep_dir.join(format!("{name}-{}", hash128(&text)))
}

/// Removes the kept executables that are not among `current` (the files
/// `kept` names for this crate's examples as they are now).
pub fn prune(keep_dir: &Path, current: &[PathBuf]) {
    remove_files(keep_dir, |entry| !current.contains(&entry.path()));
}

/// The store of `target/<profile>/`: its `guide-compiled/`.
pub fn store(profile: &Path) -> PathBuf {
    profile.join("guide-compiled")
}

/// Removes the store's executables that no compile used since `start` (a
/// run that compiled every program: what it did not use is of an older
/// text, compiler or library).
pub fn prune_store(store: &Path, start: SystemTime) {
    remove_files(store, |entry| entry.metadata().and_then(|m| m.modified()).is_ok_and(|t| t < start));
}

/// Removes the files of `dir` that `stale` picks.
fn remove_files(dir: &Path, stale: impl Fn(&fs::DirEntry) -> bool) {
    for entry in fs::read_dir(dir).into_iter().flatten().flatten().filter(|entry| stale(entry)) {
        fs::remove_file(entry.path()).ok();
    }
}

/// skeptic's full compile of a block: `rustc DIR/test.rs ... -o DIR/out.exe`
/// with DIR a `rust-skeptic*` temporary directory. Its check-only compiles
/// (`--emit=metadata`) and cargo's own calls are not.
fn skeptic_program(args: &[OsString]) -> Option<(PathBuf, PathBuf)> {
    let source = PathBuf::from(args.first()?);
    let in_skeptic_dir = source.parent()?.file_name()?.to_str()?.starts_with("rust-skeptic");
    if !in_skeptic_dir || source.file_name()? != "test.rs" {
        return None;
    }
    let output = args.iter().position(|a| a == "-o")?;
    Some((source, PathBuf::from(args.get(output + 1)?)))
}

/// The example (`examples/NAME.rs`) whose text `text` is.
fn example_named(text: &str) -> Option<String> {
    let dir = PathBuf::from(env::var_os(EXAMPLES)?);
    fs::read_dir(dir).ok()?.flatten().find_map(|entry| {
        let name = entry.file_name().to_str()?.strip_suffix(".rs")?.to_owned();
        (fs::read_to_string(entry.path()).ok()? == text).then_some(name)
    })
}

/// Links `output` (skeptic's temporary `out.exe`, or a store entry) to
/// `dest`, or copies it where a link cannot be made; replaced whole, so a
/// reader never sees half a file.
fn keep(output: &Path, dest: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::MetadataExt;
    let file = |p: &Path| fs::metadata(p).ok().map(|m| (m.dev(), m.ino()));
    if file(dest).is_some() && file(dest) == file(output) {
        // Already one file (and rename would leave the temporary link).
        return Ok(());
    }
    let tmp = dest.with_extension(format!("tmp{}", std::process::id()));
    fs::remove_file(&tmp).ok();
    if fs::hard_link(output, &tmp).is_err() {
        fs::copy(output, &tmp)?;
    }
    fs::rename(&tmp, dest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_skeptics_full_compiles_are_kept() {
        let args = |a: &[&str]| a.iter().map(OsString::from).collect::<Vec<_>>();
        assert_eq!(
            skeptic_program(&args(&["/tmp/rust-skepticAb1/test.rs", "--crate-type=bin", "-o", "/tmp/rust-skepticAb1/out.exe"])),
            Some(("/tmp/rust-skepticAb1/test.rs".into(), "/tmp/rust-skepticAb1/out.exe".into()))
        );
        // skeptic's no_run blocks: no executable.
        assert_eq!(skeptic_program(&args(&["/tmp/rust-skepticAb1/test.rs", "--emit=metadata"])), None);
        assert_eq!(skeptic_program(&args(&["examples/x.rs", "-o", "x"])), None);
        assert_eq!(skeptic_program(&args(&["-vV"])), None);
    }

    #[test]
    fn a_kept_executable_is_named_after_its_example_and_text() {
        let dir = Path::new("/k");
        let a = kept(dir, "sync_embedding", "fn main() {}\n");
        assert!(a.file_name().unwrap().to_str().unwrap().starts_with("sync_embedding-"));
        assert_eq!(a, kept(dir, "sync_embedding", "fn main() {}\n"));
        assert_ne!(a, kept(dir, "sync_embedding", "fn main() { }\n"));
    }

    #[test]
    fn a_program_is_stored_by_what_it_is_built_from() {
        let root = crate::tests::test_repo("store", &[("libwasmtime-1.rlib", b"wasmtime"), ("libbitflags-2.rlib", b"bitflags")]);
        let lib = |name: &str, file: &str| format!("{name}={}", root.join(file).display());
        let (wasmtime, bitflags) = (lib("wasmtime", "libwasmtime-1.rlib"), lib("bitflags", "libbitflags-2.rlib"));
        let key = |dir: &str, text: &str, bitflags: &str| {
            let args = [
                &format!("/tmp/{dir}/test.rs"),
                "--crate-type=bin",
                "--extern",
                &wasmtime,
                "--extern",
                bitflags,
                "-o",
                &format!("/tmp/{dir}/out.exe"),
            ];
            built_from(&args.map(OsString::from), text, &["wasmtime", "tokio"])
        };
        let base = key("rust-skepticA", "fn main() {}\n", &bitflags);
        assert_eq!(base.len(), 32);
        assert_eq!(base, key("rust-skepticB", "fn main() {}\n", &bitflags), "temporary paths are no input");
        assert_ne!(base, key("rust-skepticA", "fn main() { }\n", &bitflags), "the text is");
        // A library no program names, rebuilt or chosen from another build: the same program.
        fs::write(root.join("libbitflags-2.rlib"), b"bitflags, rebuilt").unwrap();
        assert_eq!(base, key("rust-skepticA", "fn main() {}\n", &bitflags));
        assert_eq!(base, key("rust-skepticA", "fn main() {}\n", &lib("bitflags", "libbitflags-3.rlib")));
        let fewer = ["/tmp/a/test.rs", "--crate-type=bin", "--extern", wasmtime.as_str(), "-o", "/tmp/a/out.exe"];
        assert_eq!(base, built_from(&fewer.map(OsString::from), "fn main() {}\n", &["wasmtime", "tokio"]), "nor one chosen no longer");
        // One a program names, rebuilt (its size changed): another program.
        fs::write(root.join("libwasmtime-1.rlib"), b"wasmtime, rebuilt").unwrap();
        assert_ne!(base, key("rust-skepticA", "fn main() {}\n", &bitflags));
        fs::remove_dir_all(root).ok();
    }

    #[test]
    fn keeping_a_file_twice_leaves_one_link_and_no_other() {
        let root = crate::tests::test_repo("keep", &[("entry", b"program")]);
        for _ in 0..2 {
            keep(&root.join("entry"), &root.join("kept")).unwrap();
        }
        let mut names: Vec<_> = fs::read_dir(&root).unwrap().map(|e| e.unwrap().file_name()).collect();
        names.sort();
        assert_eq!(names, ["entry", "kept"]);
        fs::remove_dir_all(root).ok();
    }

    #[test]
    fn the_store_keeps_what_the_last_whole_run_used() {
        let root = crate::tests::test_repo("prune", &[("old", b"1"), ("used", b"2")]);
        let start = SystemTime::now() - std::time::Duration::from_secs(60);
        fs::File::open(root.join("old")).unwrap().set_modified(start - std::time::Duration::from_secs(1)).unwrap();
        prune_store(&root, start);
        assert!(!root.join("old").exists());
        assert!(root.join("used").exists());
        fs::remove_dir_all(root).ok();
    }
}
