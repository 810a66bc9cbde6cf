//! The mdbook preprocessor (book.toml: `[preprocessor.guide]`): expands
//! includes and captures, labels version-scoped blocks and writes the message
//! index; and the subcommands ci/lib.sh and ci/test call (`layout`,
//! `cargo-toml`, `results`).

use guide_md::manifest::Chapter;
use guide_md::{example_majors, message_index, read_page, render_index, render_search_data, Captures, Error, Mode, Page, Rendering, Shows};
use serde_json::Value;
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("supports") => return ExitCode::SUCCESS,
        None => preprocess(),
        Some("layout") if args.len() == 2 => layout(Path::new(&args[1])),
        Some("cargo-toml") if args.len() == 3 => cargo_toml(Path::new(&args[2]), &args[1]),
        Some("results") if (3..=4).contains(&args.len()) => results(&args[1], Path::new(&args[2]), args.get(3).map(Path::new)),
        Some(other) => Err(format!(
            "unknown command `{other}` with {} arguments: use `layout ROOT`, `cargo-toml VERSION ROOT`, `results WHAT LOG [BLOCKS_MAP]`, `supports RENDERER`, or no arguments (the mdbook preprocessor)",
            args.len() - 1
        )),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// `guide-md layout ROOT`: for every release of ci/wasmtime-matrix, its
/// crate directory, target directory and lockfile under ROOT, and the files
/// of ROOT/examples/ that run on it (cargo builds these;
/// examples/does_not_compile/ is not listed), relative to examples/:
/// `NAME.rs`, or `older/NAME.rs` where that form is the release's. As bash
/// assignments to the associative arrays CRATE_DIR, TARGET_DIR, LOCK_FILE
/// and EXAMPLES, which ci/lib.sh reads once.
fn layout(root: &Path) -> Result<(), String> {
    guide_md::matrix::read_from(root)?;
    let mut names: Vec<String> = std::fs::read_dir(root.join("examples"))
        .map_err(|e| format!("{}/examples: {e}", root.display()))?
        .filter_map(|e| e.ok()?.file_name().to_str()?.strip_suffix(".rs").map(String::from))
        .collect();
    names.sort();
    let runs_on: Vec<(Vec<&str>, String)> =
        names.into_iter().map(|name| Ok((example_majors(root, &name).map_err(show)?, name))).collect::<Result<_, String>>()?;
    for version in guide_md::versions::releases() {
        let p = guide_md::layout::paths(version)?;
        for (array, path) in [("CRATE_DIR", &p.crate_dir), ("TARGET_DIR", &p.target_dir), ("LOCK_FILE", &p.lock_file)] {
            // ROOT itself for the repository's crate, without a trailing "/".
            let full = if path.as_os_str().is_empty() { root.to_owned() } else { root.join(path) };
            println!("{array}[{version}]={}", quoted(&full.display().to_string()));
        }
        let mut files = Vec::new();
        for (majors, name) in &runs_on {
            if majors.contains(&version) {
                let form = guide_md::versions::form_for(root, name, version).map_err(show)?;
                files.push(form.strip_prefix("examples").unwrap_or(&form).display().to_string());
            }
        }
        println!("EXAMPLES[{version}]={}", quoted(&files.join(" ")));
    }
    Ok(())
}

/// `guide-md results WHAT LOG [BLOCKS_MAP]`: the counts of a test log
/// (`--format json`, src/results.rs) on stdout, `PASSED FAILED`, for ci/test
/// to add up; on stderr each failed test of WHAT ("Wasmtime 48.0.8",
/// "ci/guide-md"), with the other places that show the same block
/// (BLOCKS_MAP: the harness's `guide-blocks.tsv`, test name and place per
/// line) and what it reported.
fn results(what: &str, log: &Path, map: Option<&Path>) -> Result<(), String> {
    let text = std::fs::read_to_string(log).map_err(|e| format!("{}: {e}", log.display()))?;
    let results = guide_md::results::read(&text);
    let places = map.map(std::fs::read_to_string).transpose().map_err(|e| format!("{}: {e}", map.unwrap().display()))?;
    for (name, message) in &results.failures {
        let also: Vec<&str> = places
            .iter()
            .flat_map(|m| m.lines())
            .filter_map(|l| l.split_once('\t'))
            .filter(|(test, place)| test == name && place != name)
            .map(|(_, place)| place)
            .collect();
        let also = if also.is_empty() { String::new() } else { format!(" (also shown at {})", also.join(", ")) };
        eprintln!("error: {what}: {name} failed{also}");
        for line in message.lines().take(60) {
            eprintln!("    {line}");
        }
    }
    println!("{} {}", results.passed, results.failed);
    Ok(())
}

/// A word for bash, in single quotes.
fn quoted(text: &str) -> String {
    format!("'{}'", text.replace('\'', "'\\''"))
}

/// `guide-md cargo-toml VERSION ROOT`: ROOT/Cargo.toml for the crate of
/// VERSION, a version of ci/wasmtime-matrix (ci/lib.sh writes it to
/// target/matrix/VERSION/Cargo.toml).
fn cargo_toml(root: &Path, version: &str) -> Result<(), String> {
    guide_md::matrix::read_from(root)?;
    // Refuses a version that is not in ci/wasmtime-matrix.
    guide_md::layout::paths(version)?;
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).map_err(|e| format!("{}/Cargo.toml: {e}", root.display()))?;
    print!("{}", guide_md::pins::manifest_for(&manifest, version, root)?);
    Ok(())
}

fn preprocess() -> Result<(), String> {
    let mut input = String::new();
    std::io::stdin().read_to_string(&mut input).map_err(|e| e.to_string())?;
    let [context, mut book]: [Value; 2] = serde_json::from_str(&input).map_err(|e| e.to_string())?;
    // The book's JSON is read untyped: refuse an mdBook whose format this
    // was not written for, rather than publish the raw directives.
    let mdbook = context["mdbook_version"].as_str().unwrap_or("unknown");
    if !mdbook.starts_with("0.4.") {
        return Err(format!(
            "mdbook {mdbook}: this preprocessor reads mdBook 0.4's book format; run mdbook 0.4.x (ci/install-tools installs the pinned one into the tools directory)"
        ));
    }
    if !book["sections"].is_array() {
        return Err("the book from mdbook has no `sections` array (mdBook 0.5 renamed it to `items`): run mdbook 0.4.x".into());
    }
    let root = PathBuf::from(context["root"].as_str().ok_or("no root in context")?);
    guide_md::matrix::read_from(&root)?;
    let src = PathBuf::from(context["config"]["book"]["src"].as_str().unwrap_or("src"));
    let captures = Captures::load(&root).map_err(|e| e.to_string())?;
    // The outcomes pages show come from the sweep; at the pinned versions
    // it must say what the captures say.
    captures.check_sweep(&root).map_err(show)?;

    // First pass: which pages show which captures (an outcome matrix links
    // a row to the first), and which show an example's messages or
    // outcomes (the index links to the pages explaining a message).
    let mut shown: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut explaining: BTreeMap<String, Vec<(String, Shows)>> = BTreeMap::new();
    let mut titles: BTreeMap<String, String> = BTreeMap::new();
    let mut read: Vec<(String, Option<String>, Page)> = Vec::new();
    each_chapter(&mut book["sections"], None, &mut |chapter, part| {
        let (path, name, text) = chapter_of(chapter)?;
        let page = read_page(&root, &src.join(&path), text, &captures, Mode::Check).map_err(show)?;
        let messages = page.captures.iter().chain(&page.outcome_tables).map(|example| (example, Shows::Messages));
        let outcomes = Shows::outcomes(&page.text);
        for (example, shows) in messages.chain(page.matrix_rows.iter().map(|example| (example, outcomes.clone()))) {
            explaining.entry(example.clone()).or_default().push((path.clone(), shows));
        }
        for example in &page.captures {
            shown.entry(example.clone()).or_default().push(path.clone());
        }
        titles.insert(path.clone(), name);
        read.push((path, part.map(str::to_owned), page));
        Ok(())
    })?;
    if let Some(example) = captures.by_example.keys().find(|example| !shown.contains_key(*example)) {
        return Err(format!("captures/{example}/ is shown on no page: add {{{{#capture {example}}}}} to one"));
    }
    let in_matrices = read.iter().flat_map(|(.., page)| page.matrix_rows.iter().cloned()).collect();
    captures.sweep.check_matrices(&in_matrices)?;
    let index = message_index(&captures, &explaining);
    let lost = guide_md::index::unexplained(&index);
    if !lost.is_empty() {
        return Err(format!(
            "no page explains these captured messages (show the example's {{{{#capture NAME}}}} or {{{{#outcome_table NAME}}}} on a page): {lost:?}"
        ));
    }
    // A page that is no chapter is not in the book, but tests/guide runs its blocks.
    let src_dir = root.join(&src);
    let mut files: Vec<String> = std::fs::read_dir(&src_dir)
        .map_err(|e| format!("{}: {e}", src_dir.display()))?
        .filter_map(|e| e.ok()?.file_name().to_str().filter(|n| n.ends_with(".md")).map(String::from))
        .collect();
    files.sort();
    let chapter_paths: Vec<&str> = read.iter().map(|(path, ..)| path.as_str()).collect();
    if let Some(orphan) = guide_md::index::outside_summary(&files, &chapter_paths).first() {
        return Err(format!(
            "{}/{orphan}: this page is not in {}/SUMMARY.md, so the book does not show it: add it there",
            src.display(),
            src.display()
        ));
    }
    let chapters: Vec<Chapter> = read.iter().map(|(path, part, _)| Chapter { path, title: &titles[path], part: part.as_deref() }).collect();
    let manifest = guide_md::manifest::manifest(&chapters, &captures, &index);
    write_manifest(&root.join(context["config"]["build"]["build-dir"].as_str().unwrap_or("book")), &manifest)?;
    // For search: a message's routing page first, then the pages in the
    // index's order, each with where its programs panicked.
    let search_entries: Vec<_> = index
        .iter()
        .map(|(m, _, pages)| {
            let mut pages: Vec<&String> = pages.iter().collect();
            pages.sort_by_key(|p| !guide_md::manifest::is_routing_page(&titles[*p]));
            let pages = pages
                .into_iter()
                .map(|p| (p.clone(), titles[p].clone(), guide_md::index::panic_files(&captures, &explaining, m, p)))
                .collect();
            (m.clone(), pages)
        })
        .collect();
    let search_data = render_search_data(&search_entries);

    // Second pass: render; links in the index are relative to the page showing it.
    each_chapter(&mut book["sections"], None, &mut |chapter, _| {
        let (path, _, text) = chapter_of(chapter)?;
        let up = "../".repeat(Path::new(&path).components().count() - 1);
        let entries: Vec<_> = index
            .iter()
            .map(|(m, v, pages)| {
                let links = pages.iter().map(|p| (titles[p].clone(), format!("{up}{p}"))).collect();
                (m.clone(), v.clone(), links)
            })
            .collect();
        let capture_pages = shown.iter().map(|(example, pages)| (example.clone(), format!("{up}{}", pages[0]))).collect();
        let rendering = Rendering { index: render_index(&entries), capture_pages };
        let page = read_page(&root, &src.join(&path), text, &captures, Mode::Render(&rendering)).map_err(show)?;
        chapter["content"] = Value::String(page.rendered + &search_data);
        Ok(())
    })?;
    serde_json::to_writer(std::io::stdout(), &book).map_err(|e| e.to_string())
}

/// Writes BUILD_DIR/manifest.json (the renderers each clear only their own
/// directory below it). mdbook runs the preprocessor once per renderer:
/// each run writes the same file, through a rename so that no reader sees
/// half of it.
fn write_manifest(build_dir: &Path, manifest: &Value) -> Result<(), String> {
    std::fs::create_dir_all(build_dir).map_err(|e| format!("{}: {e}", build_dir.display()))?;
    let file = build_dir.join("manifest.json");
    let tmp = build_dir.join(format!(".manifest.json.{}", std::process::id()));
    std::fs::write(&tmp, serde_json::to_string_pretty(manifest).unwrap() + "\n").map_err(|e| format!("{}: {e}", tmp.display()))?;
    std::fs::rename(&tmp, &file).map_err(|e| format!("{}: {e}", file.display()))
}

type Visit<'a> = dyn FnMut(&mut Value, Option<&str>) -> Result<(), String> + 'a;

/// Calls `f` on every chapter that has a file (drafts have none), with the
/// part of SUMMARY.md it is under (`Symptoms` for `# Symptoms`; `part`: the
/// one `items` are in): a `PartTitle` item of mdBook's book starts a part.
fn each_chapter(items: &mut Value, part: Option<&str>, f: &mut Visit) -> Result<(), String> {
    let mut part = part.map(str::to_owned);
    for item in items.as_array_mut().into_iter().flatten() {
        part = item["PartTitle"].as_str().map(str::to_owned).or(part);
        if let Some(chapter) = item.get_mut("Chapter") {
            if chapter["path"].is_string() {
                f(chapter, part.as_deref())?;
            }
            each_chapter(&mut chapter["sub_items"], part.as_deref(), f)?;
        }
    }
    Ok(())
}

/// The chapter's path, title and Markdown as mdBook read it (this
/// preprocessor runs before mdBook's own, so it is the file's text).
fn chapter_of(chapter: &Value) -> Result<(String, String, String), String> {
    let path = chapter["path"].as_str().unwrap().to_owned();
    let text = chapter["content"].as_str().ok_or_else(|| format!("mdbook gave chapter {path} no `content`"))?;
    Ok((path, chapter["name"].as_str().unwrap_or("").to_owned(), text.to_owned()))
}

fn show(e: Error) -> String {
    e.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn each_chapter_is_in_the_part_above_it() {
        let chapter = |path: &str, sub: Value| json!({ "Chapter": { "path": path, "sub_items": sub } });
        let mut sections = json!([
            chapter("start.md", json!([])),
            { "PartTitle": "Symptoms" },
            chapter("panics.md", json!([chapter("panics/more.md", json!([]))])),
            "Separator",
            chapter("hangs.md", json!([])),
            { "PartTitle": "Reference" },
            chapter("messages.md", json!([])),
        ]);
        let mut parts = BTreeMap::new();
        each_chapter(&mut sections, None, &mut |chapter, part| {
            parts.insert(chapter["path"].as_str().unwrap().to_owned(), part.map(str::to_owned));
            Ok(())
        })
        .unwrap();
        let part = |p: &str| parts[p].as_deref();
        assert_eq!(part("start.md"), None);
        assert_eq!(part("panics.md"), Some("Symptoms"));
        assert_eq!(part("panics/more.md"), Some("Symptoms"));
        assert_eq!(part("hangs.md"), Some("Symptoms"));
        assert_eq!(part("messages.md"), Some("Reference"));
    }
}
