//! A small book under tests/fixtures/book, rendered as the preprocessor
//! renders it, compared exactly with the Markdown committed next to it
//! (tests/fixtures/book/expected/page.md). `UPDATE_EXPECT=1` writes it.

use guide_md::manifest::{manifest, Chapter};
use guide_md::{message_index, read_file, read_page, Captures, Mode, Page, Program, Rendering, Shows};
use std::collections::BTreeMap;
use std::path::Path;

/// The fixture book, with its own matrix (its ci/wasmtime-matrix), so that
/// the project's versions can change without touching it.
fn fixture_root() -> std::path::PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/book");
    guide_md::matrix::read_from(&root).unwrap_or_else(|e| panic!("{e}"));
    root
}

/// The fixture book's page, read as `mode` reads it.
fn fixture_page(root: &Path, captures: &Captures, mode: Mode) -> Result<Page, guide_md::Error> {
    read_page(root, Path::new("src/page.md"), read_file(root, Path::new("src/page.md")).unwrap(), captures, mode)
}

#[test]
fn the_fixture_page_renders_as_expected() {
    let root = fixture_root();
    let captures = Captures::load(&root).unwrap();
    captures.check_sweep(&root).unwrap_or_else(|e| panic!("{e}"));
    let capture_pages =
        [("panics", "page.md"), ("runs", "page.md"), ("refused", "page.md")].map(|(e, p)| (e.to_owned(), p.to_owned())).into();
    let rendering = Rendering { capture_pages, ..Rendering::default() };
    let page = fixture_page(&root, &captures, Mode::Render(&rendering)).unwrap_or_else(|e| panic!("{e}"));
    let expected_path = root.join("expected/page.md");
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::create_dir_all(expected_path.parent().unwrap()).unwrap();
        std::fs::write(&expected_path, &page.rendered).unwrap();
    }
    let expected = std::fs::read_to_string(&expected_path).unwrap();
    if page.rendered != expected {
        panic!(
            "src/page.md renders differently from expected/page.md (UPDATE_EXPECT=1 writes it):\n--- expected\n{expected}\n--- rendered\n{}",
            page.rendered
        );
    }
    assert_eq!(page.captures, ["panics", "runs", "refused"]);
    // What the message index counts as explaining (guide_md::Shows).
    assert_eq!(page.outcome_tables, ["panics", "refused"]);
    assert_eq!(page.matrix_rows, ["panics", "runs", "refused"]);
    assert!(page.text.contains("{{#outcome_matrix panics runs refused}}"), "the Markdown as written");
    // The blocks' code, as tests/guide/blocks.rs compiles it: without the list's indentation.
    let runs = std::fs::read_to_string(root.join("examples/runs.rs")).unwrap();
    for block in page.blocks.iter().filter(|b| b.example.as_deref() == Some("runs")) {
        assert_eq!(block.code, runs.trim_end(), "block at line {}", block.line);
    }
    // The blocks of examples/does_not_compile/refused.rs are that example,
    // and tests/guide/blocks.rs leaves them out by `program`.
    let refused: Vec<_> = page.blocks.iter().filter(|b| b.program == Program::DoesNotCompile).collect();
    assert_eq!(refused.len(), 2);
    assert!(refused.iter().all(|b| b.example.as_deref() == Some("refused")));
    assert!(page.blocks.iter().filter(|b| b.example.as_deref() != Some("refused")).all(|b| b.program == Program::Compiles));
}

#[test]
fn checking_needs_no_captures_and_renders_nothing_of_them() {
    let root = fixture_root();
    let page = fixture_page(&root, &Captures::default(), Mode::Check).unwrap_or_else(|e| panic!("{e}"));
    assert!(!page.rendered.contains("{{#"), "{}", page.rendered);
    assert!(!page.rendered.contains("| Program |"));
    assert_eq!(page.blocks.len(), 6);
}

#[test]
fn two_rustdoc_includes_in_one_block_are_refused_at_the_second() {
    // A page of its own in the fixture book (given as text: no file is
    // written), which includes the fixture's own example.
    let root = fixture_root();
    let example = std::fs::read_dir(root.join("examples"))
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .find(|n| n.ends_with(".rs"))
        .expect("the fixture book has an example");
    let page = "src/two-includes.md";
    let text =
        format!("# Two\n\n```rust\n{{{{#rustdoc_include ../examples/{example}}}}}\n{{{{#rustdoc_include ../examples/{example}}}}}\n```\n");
    let result = read_page(&root, Path::new(page), text, &Captures::default(), Mode::Check);
    let e = result.expect_err("refused").to_string();
    assert!(e.starts_with(&format!("{page}:5: a second `{{{{#rustdoc_include}}}}` in one code block")), "{e}");
}

#[test]
fn the_fixture_manifest_is_as_expected() {
    // The manifest the preprocessor writes for a book of the fixture page
    // alone, compared exactly with expected/manifest.json
    // (`UPDATE_EXPECT=1` writes it).
    let root = fixture_root();
    let captures = Captures::load(&root).unwrap();
    let page = fixture_page(&root, &captures, Mode::Check).unwrap_or_else(|e| panic!("{e}"));
    let shown: BTreeMap<String, Vec<(String, Shows)>> =
        page.captures.iter().map(|e| (e.clone(), vec![("page.md".to_owned(), Shows::Messages)])).collect();
    let index = message_index(&captures, &shown);
    let chapters = [Chapter { path: "page.md", title: "The fixture", part: Some("Symptoms") }];
    let manifest = manifest(&chapters, &captures, &index);
    let text = serde_json::to_string_pretty(&manifest).unwrap() + "\n";
    let expected_path = root.join("expected/manifest.json");
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(&expected_path, &text).unwrap();
    }
    assert_eq!(text, std::fs::read_to_string(&expected_path).unwrap(), "UPDATE_EXPECT=1 writes expected/manifest.json");
}

#[test]
fn rendering_without_a_capture_names_the_first_directive_that_needs_it() {
    let root = fixture_root();
    let mut captures = Captures::load(&root).unwrap();
    let version = guide_md::versions()[1];
    captures.by_example.get_mut("panics").unwrap().remove(version);
    let rendering = Rendering::default();
    let e = fixture_page(&root, &captures, Mode::Render(&rendering)).map(|_| ()).unwrap_err().to_string();
    assert_eq!(e, format!("src/page.md:3: {{{{#outcome_table panics}}}}: no capture for Wasmtime {version}: run `ci/bless`"));
    // Checking, as tests/guide/blocks.rs does, needs none.
    assert!(fixture_page(&root, &captures, Mode::Check).is_ok());
}
