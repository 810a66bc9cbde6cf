//! mdBook's `{{#include path[:anchor]}}` and `{{#rustdoc_include path[:anchor]}}`.
//! Anchor lines (`ANCHOR: name`, `ANCHOR_END: name`) are dropped; outside
//! the anchor, `include` drops the lines and `rustdoc_include` hides them
//! (`# line`), so the block is still the whole program.

use crate::{err, Error};
use std::fs;
use std::path::Path;

/// What happens to the lines of the file outside the anchor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outside {
    /// `{{#include}}`: left out.
    Dropped,
    /// `{{#rustdoc_include}}`: kept as hidden lines, `# line`.
    Hidden,
}

/// Reads `path` (relative to the page's directory) and takes the part the
/// directive asks for.
pub fn include(root: &Path, page: &Path, line: usize, path: &str, anchor: Option<&str>, outside: Outside) -> Result<String, Error> {
    let full = root.join(page).parent().unwrap().join(path);
    let text = fs::read_to_string(&full).or_else(|e| err(page, line, format!("cannot include `{path}` ({}): {e}", full.display())))?;
    take_anchored(&text, anchor, outside).or_else(|anchor| {
        err(page, line, format!("`{path}` has no anchor `{anchor}`: mark the lines with `ANCHOR: {anchor}` and `ANCHOR_END: {anchor}` comments, or fix the name"))
    })
}

/// The lines of `text` between `ANCHOR: anchor` and `ANCHOR_END: anchor`
/// (all of it without an anchor), without any anchor lines and without the
/// final newline. `Err(anchor)` if the anchor is not there.
pub fn take_anchored(text: &str, anchor: Option<&str>, outside: Outside) -> Result<String, String> {
    let marker = regex!(r"ANCHOR(_END)?:\s*([\w-]+)");
    let mut out = String::new();
    let mut inside = anchor.is_none();
    let mut found = false;
    for l in text.lines() {
        if let Some(m) = marker.captures(l) {
            if Some(&m[2]) == anchor {
                found = true;
                inside = m.get(1).is_none();
            }
            continue;
        }
        if inside {
            out.push_str(l);
            out.push('\n');
        } else if outside == Outside::Hidden {
            out.push_str(&format!("# {l}\n"));
        }
    }
    match anchor {
        Some(anchor) if !found => Err(anchor.to_owned()),
        _ => Ok(out.trim_end_matches('\n').to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str =
        "use a;\n// ANCHOR: body\nfn f() {}\n// ANCHOR: inner\nlet x = 1;\n// ANCHOR_END: inner\n// ANCHOR_END: body\nfn main() {}\n";

    #[test]
    fn a_whole_file_loses_only_its_anchor_lines() {
        assert_eq!(take_anchored(FILE, None, Outside::Dropped).unwrap(), "use a;\nfn f() {}\nlet x = 1;\nfn main() {}");
    }

    #[test]
    fn an_anchor_takes_its_lines_and_drops_nested_anchor_lines() {
        assert_eq!(take_anchored(FILE, Some("body"), Outside::Dropped).unwrap(), "fn f() {}\nlet x = 1;");
        assert_eq!(take_anchored(FILE, Some("inner"), Outside::Dropped).unwrap(), "let x = 1;");
    }

    #[test]
    fn rustdoc_include_hides_the_rest() {
        assert_eq!(take_anchored(FILE, Some("inner"), Outside::Hidden).unwrap(), "# use a;\n# fn f() {}\nlet x = 1;\n# fn main() {}");
    }

    #[test]
    fn a_missing_anchor_is_an_error() {
        assert_eq!(take_anchored(FILE, Some("nope"), Outside::Dropped), Err("nope".to_owned()));
    }

    #[test]
    fn anchor_names_may_have_dashes_as_in_mdbook() {
        let text = "a\n// ANCHOR: two-words\nb\n// ANCHOR_END: two-words\n";
        assert_eq!(take_anchored(text, Some("two-words"), Outside::Dropped).unwrap(), "b");
    }

    #[test]
    fn an_include_names_the_page_line_and_file_it_cannot_take() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/book");
        let page = Path::new("src/page.md");
        let call = include(&root, page, 3, "../examples/panics.rs", Some("call"), Outside::Dropped).unwrap();
        assert_eq!(call, "    call()?;");
        let e = include(&root, page, 4, "../examples/runs.rs", Some("nope"), Outside::Hidden).unwrap_err().to_string();
        assert_eq!(
            e,
            "src/page.md:4: `../examples/runs.rs` has no anchor `nope`: mark the lines with `ANCHOR: nope` and `ANCHOR_END: nope` comments, or fix the name"
        );
        let e = include(&root, page, 5, "../examples/gone.rs", None, Outside::Dropped).unwrap_err().to_string();
        let full = root.join("src/../examples/gone.rs");
        assert!(e.starts_with(&format!("src/page.md:5: cannot include `../examples/gone.rs` ({}): ", full.display())), "{e}");
    }
}
