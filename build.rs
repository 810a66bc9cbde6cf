//! Hands skeptic every Rust block of the book that applies to the Wasmtime
//! version this crate is built against, one block per file, after
//! ci/guide-md has expanded includes and checked the fence tokens.

use guide_md::{read_page, versions, Captures};
use std::fs;
use std::path::{Path, PathBuf};

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    for watched in ["src", "examples", "captures", "Cargo.lock"] {
        println!("cargo:rerun-if-changed={watched}");
    }
    if let Err(e) = run(&root) {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

fn run(crate_dir: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let version = wasmtime_version(crate_dir)?;
    // The matrix crates (ci/lib.sh) link to the repository's src/; read the
    // pages, examples and captures there, not the crate's filtered examples/.
    let root = &fs::canonicalize(crate_dir.join("src"))?.parent().unwrap().to_owned();
    println!("cargo:rustc-env=GUIDE_WASMTIME_VERSION={version}");
    let captures = Captures::load(root)?;

    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("blocks");
    fs::create_dir_all(&out)?;
    let mut files = Vec::new();
    let mut names = String::new();
    let mut seen = std::collections::HashMap::new();
    for page in skeptic::markdown_files_of_directory(root.join("src").to_str().unwrap()) {
        let page = page.strip_prefix(root)?.to_owned();
        for block in read_page(root, &page, &captures, None)?.blocks {
            if block.lang != "rust" || !block.versions.contains(&version) {
                continue;
            }
            // An example that fails on this version is run with should_panic:
            // cargo compiles it as an example, and tests/captures.rs checks
            // that it fails with exactly the captured message.
            let fails = block.example.as_ref().and_then(|e| captures.get(e, version)).is_some_and(|c| c.status != 0);
            let flags = format!("{}{}", if block.no_run { ",no_run" } else { "" }, if fails { ",should_panic" } else { "" });
            let text = format!("```rust{flags}\n{}\n```\n", block.code);
            // The same program shown twice (a whole example and an excerpt of
            // it) is one test: both places map to it. Two identical tests
            // would also race in skeptic's binary cache ("Text file busy").
            if let Some(test) = seen.get(&text) {
                names.push_str(&format!("{test}\t{}:{}\n", page.display(), block.line));
                continue;
            }
            let stem = format!("{}-L{}", page.with_extension("").strip_prefix("src")?.display(), block.line).replace('/', "-");
            let file = out.join(format!("{stem}.md"));
            write_if_changed(&file, &text)?;
            // skeptic names the test after the file: lower case, `_` for the rest.
            let test = format!("{}_line_1", stem.to_lowercase().replace(|c: char| !c.is_ascii_alphanumeric(), "_"));
            names.push_str(&format!("{test}\t{}:{}\n", page.display(), block.line));
            seen.insert(text, test);
            files.push(file);
        }
    }
    // Blocks that no longer exist must not linger as tests.
    for entry in fs::read_dir(&out)? {
        let path = entry?.path();
        if !files.contains(&path) {
            fs::remove_file(path)?;
        }
    }
    write_if_changed(&out.with_file_name("blocks.tsv"), &names)?;
    skeptic::generate_doc_tests(&files);
    Ok(())
}

/// The Wasmtime this build resolved, read from the lockfile next to Cargo.toml.
fn wasmtime_version(root: &Path) -> Result<&'static str, String> {
    let lock = fs::read_to_string(root.join("Cargo.lock")).map_err(|e| format!("Cargo.lock: {e}"))?;
    let found = lock
        .split("[[package]]")
        .find(|p| p.contains("\nname = \"wasmtime\"\n"))
        .and_then(|p| p.lines().find_map(|l| l.strip_prefix("version = \"")))
        .map(|v| v.trim_end_matches('"'))
        .ok_or("Cargo.lock: no wasmtime package")?;
    versions()
        .into_iter()
        .find(|v| *v == found)
        .ok_or_else(|| format!("Cargo.lock: wasmtime {found} is not in the pinned matrix ({})", versions().join(", ")))
}

/// Writing only on change keeps cargo from re-running this script every time.
fn write_if_changed(path: &Path, text: &str) -> std::io::Result<()> {
    if fs::read_to_string(path).ok().as_deref() != Some(text) {
        fs::write(path, text)?;
    }
    Ok(())
}
