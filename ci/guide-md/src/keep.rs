//! Keeps the binary skeptic builds for each example, so that its capture is
//! taken from the program the book's test compiled, and the example is
//! compiled once per version.
//!
//! skeptic 0.14.2 compiles a block with `$RUSTC` into a temporary directory
//! and keeps the executable only in its own cache, under a key it does not
//! expose; it runs the program with stdout and stderr on separate pipes, so
//! its run cannot give a capture (both interleaved, as a terminal shows
//! them). So this test binary is skeptic's `$RUSTC`: `install` points
//! `RUSTC` at it, and when skeptic runs it as a compiler (`run_as_rustc`) it
//! runs the real compiler and, for an example, links the executable it wrote
//! into `target/<profile>/guide-programs/NAME-KEY`, where `kept` finds it.
//! The test at the repository root (`tests/guide/`) uses it; it lives here
//! so that its unit tests run (that test has no libtest harness).
//!
//! For an example it also passes `--remap-path-prefix`, so that a panic in
//! the program names `examples/NAME.rs` (as `cargo run --example NAME`
//! prints), not skeptic's temporary `test.rs`.

use std::env;
use std::ffi::OsString;
use std::fs;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

/// The compiler `run_as_rustc` runs: `$RUSTC` as it was, or `rustc`.
const REAL_RUSTC: &str = "GUIDE_KEEP_REAL_RUSTC";
/// Where executables are kept.
const KEEP_DIR: &str = "GUIDE_KEEP_DIR";
/// The crate's examples/ (a matrix crate's holds this version's only).
const EXAMPLES: &str = "GUIDE_KEEP_EXAMPLES";

/// The end of a program compiled again because its binary was not kept
/// (see `again`): a comment, after the last line, so line numbers hold.
const AGAIN: &str = "\n// compiled again by tests/guide: its binary was not kept ";

/// Makes skeptic compile through this test binary. Call it from `main`
/// before any other thread starts: it sets environment variables.
pub fn install(keep_dir: &Path, examples: &Path) -> Result<(), String> {
    let me = env::current_exe().map_err(|e| e.to_string())?;
    fs::create_dir_all(keep_dir).map_err(|e| format!("{}: {e}", keep_dir.display()))?;
    let real = env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    env::set_var(REAL_RUSTC, real);
    env::set_var(KEEP_DIR, keep_dir);
    env::set_var(EXAMPLES, examples);
    env::set_var("RUSTC", me);
    Ok(())
}

/// The compiler itself, for callers that want rustc and not this binary:
/// `$RUSTC` as it was before `install`, or `rustc`.
pub fn real_rustc() -> String {
    env::var(REAL_RUSTC).or_else(|_| env::var("RUSTC")).unwrap_or_else(|_| "rustc".to_owned())
}

/// When skeptic runs this binary as its compiler: compiles, keeps an
/// example's executable, and exits with the compiler's status.
pub fn run_as_rustc() -> Option<ExitCode> {
    let real = env::var_os(REAL_RUSTC)?;
    let args: Vec<OsString> = env::args_os().skip(1).collect();
    let mut rustc = Command::new(&real);
    rustc.args(&args);
    let example = skeptic_program(&args).and_then(|(source, output)| {
        let text = fs::read_to_string(&source).ok()?;
        let name = example_named(&text)?;
        let mut remap = OsString::from("--remap-path-prefix=");
        remap.push(&source);
        remap.push(format!("=examples/{name}.rs"));
        rustc.arg(remap);
        Some((name, text, output))
    });
    let status = match rustc.status() {
        Ok(status) => status,
        Err(e) => {
            eprintln!("tests/guide: cannot run {}: {e}", real.to_string_lossy());
            return Some(ExitCode::from(1));
        }
    };
    if status.success() {
        if let Some((name, text, output)) = example {
            let keep_dir = PathBuf::from(env::var_os(KEEP_DIR)?);
            if let Err(e) = keep(&output, &kept(&keep_dir, &name, example_text(&text))) {
                // skeptic shows this with the failure it then reports.
                eprintln!("tests/guide: could not keep {}: {e}", output.display());
                return Some(ExitCode::from(1));
            }
        }
    }
    Some(ExitCode::from(status.code().unwrap_or(1).clamp(0, 255) as u8))
}

/// Where the executable of example `name` with source `text` is kept.
pub fn kept(keep_dir: &Path, name: &str, text: &str) -> PathBuf {
    let hash = |salt: u8| {
        let mut hasher = DefaultHasher::new();
        (salt, text).hash(&mut hasher);
        hasher.finish()
    };
    keep_dir.join(format!("{name}-{:016x}{:016x}", hash(0), hash(1)))
}

/// skeptic copies each executable it builds into its binary cache
/// (`.skeptic-bin/`, beside `keep_dir`) under a key it does not expose, so
/// the kept executable was a second copy of it (about 65 MB a program).
/// Makes the kept file the cache's entry with the same bytes, as a hard
/// link: one file on disk, whichever of the two is later removed. Leaves the
/// kept file as it is when no entry matches (skeptic's cache is off) or the
/// two are already one file.
pub fn share_with_cache(kept: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::MetadataExt;
    let Some(cache) = kept.parent().and_then(Path::parent).map(|p| p.join(".skeptic-bin")) else {
        return Ok(());
    };
    let meta = fs::metadata(kept)?;
    let same_size: Vec<_> = fs::read_dir(&cache)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| Some((e.metadata().ok()?, e.path())))
        .filter(|(m, _)| m.is_file() && m.len() == meta.len())
        .collect();
    if same_size.iter().any(|(m, _)| (m.dev(), m.ino()) == (meta.dev(), meta.ino())) {
        return Ok(());
    }
    let bytes = fs::read(kept)?;
    for (_, entry) in same_size {
        if fs::read(&entry).is_ok_and(|b| b == bytes) {
            return keep(&entry, kept);
        }
    }
    Ok(())
}

/// The program `text` once more, as a text skeptic has not compiled (and so
/// has not cached) before: for an example whose kept executable is gone
/// while skeptic's cache still has it. `seed` makes it new.
pub fn again(text: &str, seed: u128) -> String {
    format!("{text}{AGAIN}{seed}\n")
}

/// Removes the kept executables that are not among `current` (the files
/// `kept` names for this crate's examples as they are now).
pub fn prune(keep_dir: &Path, current: &[PathBuf]) {
    for entry in fs::read_dir(keep_dir).into_iter().flatten().flatten() {
        if !current.contains(&entry.path()) {
            fs::remove_file(entry.path()).ok();
        }
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

/// The example (`examples/NAME.rs`) whose text `text` is, or is compiled
/// `again`.
fn example_named(text: &str) -> Option<String> {
    let dir = PathBuf::from(env::var_os(EXAMPLES)?);
    let text = example_text(text);
    fs::read_dir(dir).ok()?.flatten().find_map(|entry| {
        let name = entry.file_name().to_str()?.strip_suffix(".rs")?.to_owned();
        (fs::read_to_string(entry.path()).ok()? == text).then_some(name)
    })
}

/// `text` without the comment `again` adds.
fn example_text(text: &str) -> &str {
    text.rfind(AGAIN).map_or(text, |i| &text[..i])
}

/// Links `output` (skeptic's temporary `out.exe`, or its cache entry) to
/// `dest`, or copies it where a link cannot be made; replaced whole, so a
/// reader never sees half a file.
fn keep(output: &Path, dest: &Path) -> std::io::Result<()> {
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
    fn a_program_compiled_again_is_the_same_example() {
        let text = "fn main() {}\n";
        let again = again(text, 7);
        assert_ne!(again, text);
        assert!(again.starts_with(text), "line numbers must not move");
        assert_eq!(example_text(&again), text);
        assert_eq!(example_text(text), text);
    }

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
    fn a_kept_executable_becomes_the_cache_entry_with_its_bytes() {
        use std::os::unix::fs::MetadataExt;
        let root = crate::test_repo(
            "share",
            &[
                ("debug/.skeptic-bin/aaaa", b"other program"),
                ("debug/.skeptic-bin/bbbb", b"the program!!"),
                ("debug/guide-programs/x-1", b"the program!!"),
                ("debug/guide-programs/y-2", b"not in the cache"),
            ],
        );
        let ino = |p: &str| fs::metadata(root.join(p)).unwrap().ino();
        share_with_cache(&root.join("debug/guide-programs/x-1")).unwrap();
        assert_eq!(ino("debug/guide-programs/x-1"), ino("debug/.skeptic-bin/bbbb"));
        assert_ne!(ino("debug/guide-programs/x-1"), ino("debug/.skeptic-bin/aaaa"), "same size, other bytes");
        // Again: already one file, nothing changes.
        share_with_cache(&root.join("debug/guide-programs/x-1")).unwrap();
        assert_eq!(ino("debug/guide-programs/x-1"), ino("debug/.skeptic-bin/bbbb"));
        // No entry with its bytes: kept as it was.
        let before = ino("debug/guide-programs/y-2");
        share_with_cache(&root.join("debug/guide-programs/y-2")).unwrap();
        assert_eq!(ino("debug/guide-programs/y-2"), before);
        assert_eq!(fs::read(root.join("debug/guide-programs/y-2")).unwrap(), b"not in the cache");
        fs::remove_dir_all(root).ok();
    }
}
