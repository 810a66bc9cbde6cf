//! The preprocessor as mdBook runs it: the `guide-md` binary, given
//! `[context, book]` as JSON on stdin, prints the book back on stdout. The
//! book here is the fixture book (tests/fixtures/book) with its one page.

use serde_json::{json, Value};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn fixture_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/book")
}

/// Runs the preprocessor on a book of one chapter, `page.md`, with `content`,
/// as mdBook `mdbook_version` hands it over (`sections`, or another key).
/// Returns what it printed and the manifest it wrote, if it wrote one.
fn preprocess(mdbook_version: &str, sections_key: &str, content: &str, test: &str) -> (Output, Option<Value>) {
    preprocess_chapter("page.md", mdbook_version, sections_key, content, test)
}

/// The same, with the chapter at `path` under src/.
fn preprocess_chapter(path: &str, mdbook_version: &str, sections_key: &str, content: &str, test: &str) -> (Output, Option<Value>) {
    let build_dir = std::env::temp_dir().join(format!("guide-md-preprocessor-{}-{test}", std::process::id()));
    let context = json!({
        "root": fixture_root(),
        "config": { "book": { "src": "src" }, "build": { "build-dir": build_dir } },
        "renderer": "html",
        "mdbook_version": mdbook_version,
    });
    let chapter = json!({ "Chapter": {
        "name": "The fixture", "content": content, "number": null, "sub_items": [],
        "path": path, "source_path": path, "parent_names": [],
    } });
    let book = json!({ sections_key: [{ "PartTitle": "Symptoms" }, chapter], "__non_exhaustive": null });
    let mut child = Command::new(env!("CARGO_BIN_EXE_guide-md"))
        .current_dir(fixture_root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(json!([context, book]).to_string().as_bytes()).unwrap();
    let output = child.wait_with_output().unwrap();
    let manifest = std::fs::read(build_dir.join("manifest.json")).ok().map(|m| serde_json::from_slice(&m).unwrap());
    std::fs::remove_dir_all(&build_dir).ok();
    (output, manifest)
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn the_page_is_the_content_mdbook_hands_over_not_the_file() {
    let file = std::fs::read_to_string(fixture_root().join("src/page.md")).unwrap();
    let content = format!("{file}\nA block mdBook handed over, in no file:\n\n```toml\nhanded = true\n```\n");
    let (output, manifest) = preprocess("0.4.52", "sections", &content, "content");
    assert!(output.status.success(), "{}", stderr(&output));
    let book: Value = serde_json::from_slice(&output.stdout).unwrap();
    let rendered = book["sections"][1]["Chapter"]["content"].as_str().unwrap();
    assert!(rendered.contains("A block mdBook handed over, in no file:"), "{rendered}");
    assert!(!rendered.contains("{{#capture"), "the directives are expanded");
    let manifest = manifest.expect("a manifest");
    assert_eq!(manifest["chapters"], json!([{ "path": "page.md", "title": "The fixture", "part": "Symptoms", "routing": false }]));

    let (output, _) = preprocess("0.4.52", "sections", "# Given\n\nSee {{#nope}}.\n", "bad-content");
    assert!(!output.status.success());
    assert!(stderr(&output).starts_with("error: src/page.md:3: unknown directive `{{#nope}}`"), "{}", stderr(&output));
}

#[test]
fn an_mdbook_it_was_not_written_for_is_refused() {
    let (output, _) = preprocess("0.5.0", "items", "# T\n", "new-mdbook");
    assert!(!output.status.success());
    assert_eq!(
        stderr(&output),
        "error: mdbook 0.5.0: this preprocessor reads mdBook 0.4's book format; run mdbook 0.4.x (ci/install-tools installs the pinned one into the tools directory)\n"
    );
    // An mdBook that says 0.4 but hands over 0.5's book.
    let (output, _) = preprocess("0.4.99", "items", "# T\n", "renamed");
    assert!(!output.status.success());
    assert_eq!(
        stderr(&output),
        "error: the book from mdbook has no `sections` array (mdBook 0.5 renamed it to `items`): run mdbook 0.4.x\n"
    );
}

#[test]
fn it_answers_yes_to_supports_for_each_renderer_and_names_its_commands() {
    let run = |args: &[&str]| Command::new(env!("CARGO_BIN_EXE_guide-md")).args(args).output().unwrap();
    // book.toml has two renderers; the preprocessor runs for both.
    assert!(run(&["supports", "html"]).status.success());
    assert!(run(&["supports", "linkcheck"]).status.success());
    let unknown = run(&["nope"]);
    assert!(!unknown.status.success());
    assert!(stderr(&unknown).starts_with("error: unknown command `nope` with 0 arguments: use `layout ROOT`"), "{}", stderr(&unknown));
}

#[test]
fn a_page_that_is_no_chapter_is_refused() {
    // SUMMARY.md names renamed.md, while src/ holds page.md: the book would
    // not show page.md, whose blocks tests/guide still runs.
    let file = std::fs::read_to_string(fixture_root().join("src/page.md")).unwrap();
    let (output, _) = preprocess_chapter("renamed.md", "0.4.52", "sections", &file, "orphan");
    assert!(!output.status.success());
    assert_eq!(stderr(&output), "error: src/page.md: this page is not in src/SUMMARY.md, so the book does not show it: add it there\n");
}

#[test]
fn layout_says_where_each_release_builds_and_what_for_bash() {
    let root = fixture_root();
    let out = Command::new(env!("CARGO_BIN_EXE_guide-md")).args(["layout", root.to_str().unwrap()]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    let r = root.display();
    // The fixture's matrix: 36.0.20 to 48.0.8, the newest pinned one the book's own crate.
    assert!(text.contains(&format!("CRATE_DIR[36.0.20]='{r}/target/matrix/36.0.20'\n")), "{text}");
    assert!(text.contains(&format!("TARGET_DIR[37.0.3]='{r}/target/wasmtime-37.0.3'\n")), "{text}");
    assert!(text.contains(&format!("LOCK_FILE[41.0.4]='{r}/ci/locks/41.0.4.lock'\n")), "{text}");
    assert!(
        text.contains(&format!("CRATE_DIR[48.0.8]='{r}'\nTARGET_DIR[48.0.8]='{r}/target'\nLOCK_FILE[48.0.8]='{r}/Cargo.lock'\n")),
        "{text}"
    );
    // Both programs run everywhere; examples/does_not_compile/ is not cargo's.
    assert!(text.contains("EXAMPLES[42.0.2]='panics.rs runs.rs'\n"), "{text}");
    // A patch release of the matrix gets its own crate and examples too.
    assert!(text.contains(&format!("CRATE_DIR[42.0.0]='{r}/target/matrix/42.0.0'\n")), "{text}");
    assert!(text.contains("EXAMPLES[42.0.1]='panics.rs runs.rs'\n"), "{text}");
    assert_eq!(text.lines().count(), 4 * 15, "four lines for each of the fixture's 15 releases (13 majors, 2 patch releases)");
    let bad = Command::new(env!("CARGO_BIN_EXE_guide-md")).args(["layout", "/nonexistent"]).output().unwrap();
    assert!(!bad.status.success());
    assert!(stderr(&bad).contains("ci/wasmtime-matrix"), "{}", stderr(&bad));
}
