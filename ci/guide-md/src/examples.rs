//! Where an example's file is, and so what kind of program it is: a program
//! in examples/NAME.rs is built by cargo and run (its capture is what it
//! printed); one in examples/does_not_compile/NAME.rs must not compile
//! (tests/guide/captures.rs compiles it with rustc, and its capture is what the
//! compiler said). Both share the name space of captures/NAME/.

use std::path::{Path, PathBuf};

/// What the program in an example's file is for, by the directory it is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Program {
    /// examples/NAME.rs: compiled, and run unless a block says `no_run`.
    Compiles,
    /// examples/does_not_compile/NAME.rs: compiling it must fail.
    DoesNotCompile,
}

impl Program {
    /// The file of example `name` if it is this kind of program, relative
    /// to the repository: `examples/NAME.rs`, `examples/does_not_compile/NAME.rs`.
    pub fn path(self, name: &str) -> PathBuf {
        match self {
            Program::Compiles => format!("examples/{name}.rs").into(),
            Program::DoesNotCompile => format!("examples/does_not_compile/{name}.rs").into(),
        }
    }
}

/// The file of example `name`'s older form, relative to the repository:
/// examples/older/NAME.rs, the program as written for the Wasmtime releases
/// before its form in examples/NAME.rs (where an API it uses changed). Its
/// `//! Wasmtime:` line says which releases those are. Cargo finds
/// examples/NAME.rs only, so the repository's own crate (the newest release)
/// never builds it; each older release's crate links it as examples/NAME.rs.
pub fn older_form(name: &str) -> PathBuf {
    Path::new("examples").join("older").join(format!("{name}.rs"))
}

/// Whether an example's text (the file at `path`) says, in a
/// `//! Kind: demonstration` line among its first five, that it shows a
/// failure and still exits 0 (a stall it measures, a call that cannot be
/// cancelled). Its label then says so, instead of "Tested on …", which tells
/// the reader to copy the program.
pub fn is_demonstration(text: &str, path: &Path) -> Result<bool, crate::Error> {
    for (i, line) in text.lines().take(5).enumerate() {
        if let Some(kind) = line.strip_prefix("//! Kind: ") {
            if kind.trim() == "demonstration" {
                return Ok(true);
            }
            return crate::err(
                path,
                i + 1,
                format!(
                    "unknown kind `{}`: the one kind is `//! Kind: demonstration`, a program that shows a failure and exits 0",
                    kind.trim()
                ),
            );
        }
    }
    Ok(false)
}

/// An example found by its name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Example {
    pub name: String,
    /// Relative to the repository, as messages and pages name it.
    pub path: PathBuf,
    pub program: Program,
}

/// The one place an example name is resolved to its file: examples/NAME.rs
/// or examples/does_not_compile/NAME.rs. An error (naming both paths) if
/// neither exists, or if both do (they would share captures/NAME/).
pub fn find_example(root: &Path, name: &str) -> Result<Example, String> {
    let [runs, fails] = [Program::Compiles, Program::DoesNotCompile].map(|p| (p, p.path(name)));
    let found: Vec<_> = [&runs, &fails].into_iter().filter(|(_, path)| root.join(path).is_file()).collect();
    match found.as_slice() {
        [(program, path)] => Ok(Example { name: name.to_owned(), path: path.clone(), program: *program }),
        [] => Err(format!("there is no {} or {}: fix the name or add the example", runs.1.display(), fails.1.display())),
        _ => Err(format!("both {} and {} exist, and they would share captures/{name}/: rename one", runs.1.display(), fails.1.display())),
    }
}

/// Every example of the repository, by name: the programs in examples/ and
/// in examples/does_not_compile/.
pub fn all_examples(root: &Path) -> Vec<Example> {
    let mut all = Vec::new();
    for program in [Program::Compiles, Program::DoesNotCompile] {
        let dir = root.join(program.path("x").parent().unwrap());
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let file = entry.file_name().to_string_lossy().into_owned();
            if let Some(name) = file.strip_suffix(".rs") {
                all.push(Example { name: name.to_owned(), path: program.path(name), program });
            }
        }
    }
    all.sort_by(|a, b| a.name.cmp(&b.name));
    all
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    /// A throwaway repository with the given files.
    fn repo(test: &str, files: &[&str]) -> PathBuf {
        let program: &[u8] = b"//! A program.\nfn main() {}\n";
        crate::tests::test_repo(&format!("examples-{test}"), &files.iter().map(|f| (*f, program)).collect::<Vec<_>>())
    }

    #[test]
    fn a_demonstration_says_so_in_its_first_lines() {
        let path = Path::new("examples/x.rs");
        assert!(is_demonstration("//! A stall.\n//! Kind: demonstration\nfn main() {}\n", path).unwrap());
        assert!(!is_demonstration("//! A fix.\nfn main() {}\n", path).unwrap());
        let e = is_demonstration("//! A fix.\n//! Kind: fix\n", path).unwrap_err().to_string();
        assert!(e.starts_with("examples/x.rs:2: unknown kind `fix`"), "{e}");
    }

    #[test]
    fn an_example_is_found_in_either_directory() {
        let root = repo("either", &["examples/a.rs", "examples/does_not_compile/b.rs"]);
        assert_eq!(
            find_example(&root, "a").unwrap(),
            Example { name: "a".into(), path: "examples/a.rs".into(), program: Program::Compiles }
        );
        assert_eq!(
            find_example(&root, "b").unwrap(),
            Example { name: "b".into(), path: "examples/does_not_compile/b.rs".into(), program: Program::DoesNotCompile }
        );
        fs::remove_dir_all(&root).ok();
    }

    #[test]
    fn neither_or_both_is_an_error_naming_both_paths() {
        let root = repo("neither-both", &["examples/two.rs", "examples/does_not_compile/two.rs"]);
        let e = find_example(&root, "none").unwrap_err();
        assert_eq!(e, "there is no examples/none.rs or examples/does_not_compile/none.rs: fix the name or add the example");
        let e = find_example(&root, "two").unwrap_err();
        assert!(e.starts_with("both examples/two.rs and examples/does_not_compile/two.rs exist"), "{e}");
        fs::remove_dir_all(&root).ok();
    }

    #[test]
    fn a_directory_is_not_an_example() {
        let root = repo("directory", &["examples/does_not_compile.rs/x.rs"]);
        assert!(find_example(&root, "does_not_compile").is_err());
        fs::remove_dir_all(&root).ok();
    }
}
