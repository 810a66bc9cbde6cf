//! The book's Rust blocks for this version: one trial per distinct program,
//! named after the first place it is shown (`src/faq.md:55`), compiled and
//! run by skeptic's runtime (programs.rs) as skeptic's generated tests do.
//!
//! The pages are read when the tests run, with ci/guide-md (the same reader
//! the mdbook preprocessor uses), not by a build script: editing a page
//! rebuilds nothing, not even this test.
//!
//! A block that shows examples/NAME.rs (whole, or an excerpt with the rest
//! hidden) is that example's program: the trial compiles the file itself,
//! the text the example's capture trial compiles too, so that skeptic
//! compiles it once. The trial first checks that the block is the file (but
//! for its `ANCHOR` comment lines, which the page leaves out), so what runs
//! is what the reader sees.

use crate::programs::{Programs, Ran};
use guide_md::include::{take_anchored, Outside};
use guide_md::{read_file, read_page, Captures, Mode, Program};
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

pub struct Block {
    /// The test name: the first place the program appears.
    pub name: String,
    /// What skeptic compiles.
    pub code: String,
    pub no_run: bool,
    /// `Some((NAME, SHOWN))`: the block is examples/NAME.rs, and SHOWN is
    /// the block as shown, hidden lines included (to check against the file).
    pub example: Option<(String, String)>,
    /// A whole example whose capture on this version fails: it must
    /// compile and fail to run here.
    pub fails: bool,
}

/// Every distinct program among the Rust blocks for `version`, in page
/// order, and the map written for ci/test of every place each is shown.
pub fn blocks(repo: &Path, version: &'static str) -> Result<(Vec<Block>, String), Box<dyn std::error::Error>> {
    let captures = Captures::load(repo)?;
    let mut pages =
        fs::read_dir(repo.join("src"))?.map(|entry| Ok(Path::new("src").join(entry?.file_name()))).collect::<std::io::Result<Vec<_>>>()?;
    pages.retain(|page| page.extension().is_some_and(|e| e == "md"));
    pages.sort();

    let mut blocks: Vec<Block> = Vec::new();
    let mut by_code: BTreeMap<String, usize> = BTreeMap::new();
    let mut map = String::new();
    for page in &pages {
        for block in read_page(repo, page, read_file(repo, page)?, &captures, Mode::Check)?.blocks {
            // A block of examples/does_not_compile/NAME.rs (whole or an
            // excerpt) must not compile: captures.rs compiles that program
            // and compares the compiler's messages with captures/.
            if block.lang != "rust" || !block.versions.contains(&version) || block.program == Program::DoesNotCompile {
                continue;
            }
            let place = format!("{}:{}", page.display(), block.line);
            // As skeptic's generated tests: hidden lines (`# ...`, the rest
            // of a rustdoc_include excerpt) included.
            let shown = unhide(&block.code);
            let code = match &block.example {
                // examples/NAME.rs, or its older form where that is this version's.
                Some(name) => fs::read_to_string(repo.join(guide_md::versions::form_for(repo, name, version)?))?,
                None => format!("\n{shown}"),
            };
            let index = *by_code.entry(code.clone()).or_insert_with(|| {
                blocks.push(Block {
                    name: place.clone(),
                    code,
                    no_run: block.no_run,
                    fails: block.example.as_ref().and_then(|e| captures.get(e, version)).is_some_and(|c| c.status != 0),
                    example: block.example.map(|name| (name, shown)),
                });
                blocks.len() - 1
            });
            map.push_str(&format!("{}\t{place}\n", blocks[index].name));
        }
    }
    Ok((blocks, map))
}

/// The trial of one block.
pub fn check(programs: &Programs, version: &str, block: &Block) -> Result<(), String> {
    if let Some((name, shown)) = &block.example {
        // The file as an include of all of it shows it: no anchor lines.
        let file = take_anchored(&block.code, None, Outside::Dropped).unwrap_or_default();
        if shown.trim_end() != file.trim_end() {
            return Err(format!(
                "the block is not examples/{name}.rs (less its ANCHOR lines), which this test compiles in its place: {}",
                first_difference(shown, &file)
            ));
        }
    }
    match (programs.get(&block.code, block.example.is_some(), block.no_run), block.fails) {
        (Ran::Ok, false) | (Ran::RunFailed, true) => Ok(()),
        (Ran::Ok, true) => Err(format!("this example fails on Wasmtime {version} in captures/, but it succeeded here")),
        (Ran::CompileFailed, _) => Err("the block does not compile (rustc failed)".to_owned()),
        (Ran::RunFailed, false) => Err("the block compiled, and running it failed (it panicked or exited non-zero)".to_owned()),
        (Ran::Other(message), _) => Err(message),
    }
}

/// The program a block stands for: a line hidden from readers with `# `
/// (or a lone `#`) is part of it. The same rule as skeptic's
/// `clean_omitted_line` and mdbook's hidden lines.
fn unhide(code: &str) -> String {
    code.lines()
        .map(|line| match line.trim_start() {
            "#" => "",
            trimmed => trimmed.strip_prefix("# ").unwrap_or(line),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn first_difference(shown: &str, file: &str) -> String {
    let (a, b): (Vec<&str>, Vec<&str>) = (shown.lines().collect(), file.lines().collect());
    (0..a.len().max(b.len()))
        .find(|&i| a.get(i) != b.get(i))
        .map_or_else(String::new, |i| format!("line {} of the block is {:?}, of the file {:?}", i + 1, a.get(i), b.get(i)))
}
