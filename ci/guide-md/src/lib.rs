//! Reads the guide's Markdown once for both of its readers: the mdbook
//! preprocessor (`main.rs`) and the test that runs every Rust block through
//! skeptic (`tests/guide/` at the repository root). Both see the same
//! includes, version tokens and errors. A page is read from its text: the
//! content mdBook hands the preprocessor, or the file for the test
//! ([`read_file`]).
//!
//! | Module | What it knows |
//! | --- | --- |
//! | [`matrix`] | ci/wasmtime-matrix: the releases the guide runs and their toolchains |
//! | [`versions`](mod@versions) | the pinned Wasmtime versions, version tokens, labels |
//! | [`examples`] | where an example's file is: examples/NAME.rs, or examples/does_not_compile/NAME.rs |
//! | [`include`](mod@include) | mdBook's `{{#include}}` and `{{#rustdoc_include}}` with anchors |
//! | [`outcome`] | what one example printed on one version, its message and how it ended (the model; it reads no other module's data) |
//! | [`captures`] | every capture in captures/, and how a page shows an outcome |
//! | [`sweep`] | what every example did on each major (sweep/), each row with the source it ran |
//! | [`index`] | the index of every message the book quotes |
//! | [`claims`] | the rule that prose claims about versions carry evidence |
//! | [`page`] | reading a page: parse its directives, check them, render them |
//! | [`pins`] | the Cargo.toml of each Wasmtime version's crate |
//! | [`manifest`] | the book as data (book/manifest.json), for the checks after the build |
//! | [`layout`] | where each version's crate, target directory and lockfile are |
//! | [`results`] | a version's test results, from the harness's JSON events |
//! | [`keep`] | the test as skeptic's compiler: keeping each example's executable |

use std::fmt;
use std::path::{Path, PathBuf};

/// A regex compiled once, on first use.
#[macro_export]
macro_rules! regex {
    ($re:literal) => {{
        static RE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| regex::Regex::new($re).unwrap());
        &*RE
    }};
}

pub mod captures;
pub mod claims;
pub mod examples;
pub mod include;
pub mod index;
pub mod keep;
pub mod layout;
pub mod manifest;
pub mod matrix;
pub mod outcome;
pub mod page;
pub mod pins;
pub mod results;
pub mod sweep;
pub mod versions;

pub use captures::Captures;
pub use examples::{find_example, Example, Program};
pub use index::{message_index, render_index, render_search_data, Index, Shows};
pub use outcome::{normalise, Capture, Kind, Message, Outcome};
pub use page::{read_page, Block, Directive, Mode, Page, Rendering};
pub use sweep::{Line, Row, Sweep};
pub use versions::{example_majors, example_versions, label, majors, swept_version, version_range, versions, wasmtime_version};

/// A problem in a page or an example, with the place a person should look.
#[derive(Debug)]
pub struct Error {
    pub file: PathBuf,
    /// 1-based; 0 when the problem is the whole file.
    pub line: usize,
    pub msg: String,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.file.display(), self.msg)
        } else {
            write!(f, "{}:{}: {}", self.file.display(), self.line, self.msg)
        }
    }
}

impl std::error::Error for Error {}

pub(crate) fn err<T>(file: &Path, line: usize, msg: impl Into<String>) -> Result<T, Error> {
    Err(Error { file: file.to_owned(), line, msg: msg.into() })
}

/// The 1-based line of `text` that byte `offset` is on.
pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    text[..offset].matches('\n').count() + 1
}

/// The text of `rel`, a file under `root` (a page, an example, a capture);
/// an error names `rel`, as the page or example it is.
pub fn read_file(root: &Path, rel: &Path) -> Result<String, Error> {
    std::fs::read_to_string(root.join(rel)).or_else(|e| err(rel, 0, format!("cannot read: {e}")))
}

/// `items` without the repeats, each item in its first place.
pub(crate) fn drop_repeats<T: Ord + Clone>(items: &mut Vec<T>) {
    let mut seen = std::collections::BTreeSet::new();
    items.retain(|item| seen.insert(item.clone()));
}

/// Markdown as mdBook 0.4 parses it (`mdbook::utils::new_cmark_parser`).
pub(crate) fn parser(text: &str) -> pulldown_cmark::Parser<'_, '_> {
    use pulldown_cmark::Options;
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    pulldown_cmark::Parser::new_ext(text, options)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A throwaway repository for a test: a new directory `guide-md-NAME-PID`
    /// in the system's temporary directory, holding `files` (path, contents).
    pub(crate) fn test_repo(name: &str, files: &[(&str, &[u8])]) -> std::path::PathBuf {
        let root = std::env::temp_dir().join(format!("guide-md-{name}-{}", std::process::id()));
        std::fs::remove_dir_all(&root).ok();
        std::fs::create_dir_all(&root).unwrap();
        for (file, text) in files {
            std::fs::create_dir_all(root.join(file).parent().unwrap()).unwrap();
            std::fs::write(root.join(file), text).unwrap();
        }
        root
    }

    #[test]
    fn an_error_names_its_line_unless_it_is_about_the_whole_file() {
        let e = |line: usize| Error { file: "src/p.md".into(), line, msg: "no".into() }.to_string();
        assert_eq!(e(3), "src/p.md:3: no");
        assert_eq!(e(0), "src/p.md: no");
    }
}
