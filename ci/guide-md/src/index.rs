//! The index of every distinct message the book quotes: `{{#message_index}}`
//! (a section per message, so search finds each) and `{{#message_table}}`
//! (a row per message).

use crate::captures::Captures;
use crate::outcome::{Kind, Message, Outcome};
use crate::versions::{release_ranges, releases, versions};
use std::collections::BTreeMap;

/// How a page shows an example, which decides which of the example's
/// messages the page explains (the index lists it for those).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shows {
    /// `{{#capture NAME}}` (the whole output) or `{{#outcome_table NAME}}`
    /// (each message, by version): the page explains every message the
    /// example prints.
    Messages,
    /// A row of `{{#outcome_matrix ...}}`: the example's outcomes without
    /// their messages (the row links to the page with its capture). The page
    /// explains only the messages it quotes itself, as a routing page quotes
    /// its message in its title. Holds the page's Markdown, [`collapsed`].
    Outcomes { quoting: String },
}

impl Shows {
    /// A row of `{{#outcome_matrix}}` on a page whose Markdown is `page`.
    pub fn outcomes(page: &str) -> Shows {
        Shows::Outcomes { quoting: collapsed(page) }
    }

    /// Whether a page showing an example so explains `message`, which the
    /// example prints: for a matrix row, when the page quotes the message's
    /// first line (line breaks and indentation aside).
    pub fn explains(&self, message: &Message) -> bool {
        match self {
            Shows::Messages => true,
            Shows::Outcomes { quoting } => quoting.contains(&collapsed(message.text.lines().next().unwrap_or_default())),
        }
    }
}

/// `text` with each run of whitespace (a line break and the next line's
/// indentation, in a wrapped paragraph) as one space.
pub fn collapsed(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every distinct message the book quotes, with its kind, the releases where
/// an example printed it (from the sweep, whose rows keep a message's first
/// line; at the pinned versions, from the captures) and the pages that
/// explain it. `pages` maps an example to the pages that show it, in book
/// order, and how each shows it.
pub fn message_index(
    captures: &Captures,
    pages: &BTreeMap<String, Vec<(String, Shows)>>,
) -> Vec<(Message, Vec<&'static str>, Vec<String>)> {
    // Releases and pages are gathered with repeats; the end puts the
    // releases in the sweep's order and keeps each page's first place.
    let mut index: BTreeMap<Message, (Vec<&'static str>, Vec<String>)> = BTreeMap::new();
    for example in captures.by_example.keys() {
        let shown_on = pages.get(example).map(Vec::as_slice).unwrap_or_default();
        // Pages that show the message itself first, then those that
        // only quote it (a routing page's matrix), each in book order (the
        // sort is stable).
        let mut in_order: Vec<_> = shown_on.iter().collect();
        in_order.sort_by_key(|(_, shows)| *shows != Shows::Messages);
        for v in versions() {
            let Some(message) = captures.message(example, v) else { continue };
            let first = message.text.lines().next().unwrap_or_default();
            let swept = |m: &&str| {
                let row = captures.sweep.row(m, example);
                row.is_some_and(|row| row_kind(row.outcome) == Some(message.kind) && row.message.as_deref() == Some(first))
            };
            let (ms, ps) = index.entry(message.clone()).or_default();
            ms.push(v);
            ms.extend(releases().into_iter().filter(swept));
            ps.extend(explaining(in_order.iter().copied(), &message));
        }
    }
    // A message no pinned version printed, which only the sweep saw: indexed
    // by its first line (all a sweep row keeps), so that a reader who pastes
    // it still finds the pages that show it.
    let captured: Vec<(Kind, String)> = index.keys().map(|m| (m.kind, m.text.lines().next().unwrap_or_default().to_owned())).collect();
    for example in captures.by_example.keys() {
        let shown_on = pages.get(example).map(Vec::as_slice).unwrap_or_default();
        for r in releases() {
            let Some(row) = captures.sweep.row(r, example) else { continue };
            let (Some(kind), Some(first)) = (row_kind(row.outcome), &row.message) else { continue };
            if captured.contains(&(kind, first.clone())) {
                continue;
            }
            let message = Message { kind, text: first.clone() };
            let (ms, ps) = index.entry(message.clone()).or_default();
            ms.push(r);
            ps.extend(explaining(shown_on, &message));
        }
    }
    index
        .into_iter()
        .map(|(m, (ms, mut ps))| {
            crate::drop_repeats(&mut ps);
            (m, releases().into_iter().filter(|r| ms.contains(r)).collect(), ps)
        })
        .collect()
}

/// The pages of `shown_on` that explain `message`.
fn explaining<'a>(shown_on: impl IntoIterator<Item = &'a (String, Shows)>, message: &Message) -> Vec<String> {
    shown_on.into_iter().filter(|(_, shows)| shows.explains(message)).map(|(p, _)| p.clone()).collect()
}

/// The kind of message a sweep row's outcome prints, if any.
fn row_kind(outcome: Outcome) -> Option<Kind> {
    match outcome {
        Outcome::Panics => Some(Kind::Panic),
        Outcome::ReturnsErr => Some(Kind::Err),
        Outcome::DoesNotCompile => Some(Kind::CompileError),
        _ => None,
    }
}

/// The message index rendered for one page.
#[derive(Debug, Default)]
pub struct Index {
    /// `{{#message_index}}`
    pub sections: String,
    /// `{{#message_table}}`
    pub table: String,
}

/// One message, its releases, and the (title, link) of each page showing it.
pub type Entry = (Message, Vec<&'static str>, Vec<(String, String)>);

pub fn render_index(entries: &[Entry]) -> Index {
    Index { sections: render_message_index(entries), table: render_message_table(entries) }
}

/// Text for a `<code>` element inside a Markdown table cell.
/// Markdown would read `[...]` as a link reference there: brackets are escaped too.
pub fn cell_code(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('`', "&#96;").replace('|', "&#124;").replace('[', "&#91;").replace(']', "&#93;")
}

fn render_message_table(entries: &[Entry]) -> String {
    let mut out = String::from("| You see | Kind | Seen on Wasmtime | Explained in |\n| --- | --- | --- | --- |\n");
    for (message, versions, pages) in entries {
        let first = message.text.lines().next().unwrap_or_default();
        let kind = message.kind.cell();
        let links: Vec<String> = pages.iter().map(|(title, path)| format!("[{title}]({path})")).collect();
        out.push_str(&format!("| <code>{}</code> | {kind} | {} | {} |\n", cell_code(first), release_ranges(versions), links.join(", ")));
    }
    out
}

/// The index as Markdown: one section per message, so search finds each one.
fn render_message_index(entries: &[Entry]) -> String {
    let mut out = String::new();
    for (message, versions, pages) in entries {
        let kind = message.kind.article();
        out.push_str(&format!("```text\n{}\n```\n\n", message.text));
        let links: Vec<String> = pages.iter().map(|(title, path)| format!("[{title}]({path})")).collect();
        out.push_str(&format!("{kind} on Wasmtime {}. Explained in: {}.\n\n", release_ranges(versions), links.join(", ")));
    }
    out
}

/// Where a page's programs printed `message`, as the file a reader's
/// `panicked at` line names: `CRATE/PATH` for a file of a crate in cargo's
/// registry (without the crate's version: `wasmtime/src/runtime/func/typed.rs`),
/// `own` for a program's own file. Search puts the page whose programs
/// panicked where the reader's did first (theme/message-search.js). Only a
/// page that shows the messages (`Shows::Messages`) has any.
pub fn panic_files(captures: &Captures, explaining: &BTreeMap<String, Vec<(String, Shows)>>, message: &Message, page: &str) -> Vec<String> {
    let mut files = Vec::new();
    for (example, pages) in explaining {
        if !pages.iter().any(|(p, shows)| p == page && *shows == Shows::Messages) {
            continue;
        }
        for v in versions() {
            if captures.message(example, v).as_ref() != Some(message) {
                continue;
            }
            files.extend(captures.get(example, v).and_then(|c| c.panic_location()).map(panic_file));
        }
    }
    crate::drop_repeats(&mut files);
    files
}

/// `wasmtime-36.0.20/src/runtime/func/typed.rs:99:9` -> `wasmtime/src/runtime/func/typed.rs`;
/// `examples/NAME.rs:27:43` (a program's own file) -> `own`.
fn panic_file(location: &str) -> String {
    let file = regex!(r":\d+:\d+$").replace(location, "");
    match regex!(r"^([A-Za-z0-9_-]+?)-\d+\.\d+\.\d+[^/]*/(.+)$").captures(&file) {
        Some(c) => format!("{}/{}", &c[1], &c[2]),
        None => "own".to_owned(),
    }
}

/// The index as data for the search box (theme/message-search.js): every
/// message with the pages explaining it, as links from the book's root, so
/// that a pasted message or panic line finds its page first. A `<script>`
/// every chapter carries (the search box is on every page); ammonia, which
/// cleans what mdBook's search indexes, drops it from the search text.
/// A page in the search data: its path, its title and its [`panic_files`].
pub type SearchPage = (String, String, Vec<String>);

/// `entries`: each message with its pages.
pub fn render_search_data(entries: &[(Message, Vec<SearchPage>)]) -> String {
    let messages: Vec<serde_json::Value> = entries
        .iter()
        .map(|(message, pages)| {
            let pages: Vec<serde_json::Value> = pages
                .iter()
                .map(|(p, title, files)| {
                    serde_json::json!({ "path": format!("{}.html", p.strip_suffix(".md").unwrap_or(p)), "title": title, "files": files })
                })
                .collect();
            serde_json::json!({ "text": message.text, "pages": pages })
        })
        .collect();
    // `</` would end the script element early.
    let json = serde_json::to_string(&messages).unwrap().replace("</", "<\\/");
    format!("\n\n<script>window.guideMessages = {json};</script>\n")
}

/// The messages of `index` that no page explains: a reader who pastes one
/// finds it in the index with nowhere to go. The preprocessor refuses them.
pub fn unexplained<'a>(index: &'a [(Message, Vec<&'static str>, Vec<String>)]) -> Vec<&'a str> {
    index.iter().filter(|(_, _, pages)| pages.is_empty()).map(|(m, _, _)| m.text.as_str()).collect()
}

/// The pages under src/ (`files`, as `NAME.md` relative to src/, SUMMARY.md
/// left out) that are no chapter of SUMMARY.md: mdBook does not show them,
/// while tests/guide runs their blocks.
pub fn outside_summary<'a>(files: &'a [String], chapters: &[&str]) -> Vec<&'a str> {
    files.iter().map(String::as_str).filter(|f| *f != "SUMMARY.md" && !chapters.contains(f)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::examples::Program;
    use crate::outcome::{Capture, Kind};
    use crate::versions::major;

    #[test]
    fn a_message_no_page_explains_is_found() {
        let err = |text: &str| Message { kind: Kind::Err, text: text.into() };
        let index = [(err("explained"), vec!["42.0.2"], vec!["p.md".to_owned()]), (err("lost"), vec!["42.0.2"], vec![])];
        assert_eq!(unexplained(&index), ["lost"]);
        assert_eq!(unexplained(&index[..1]), Vec::<&str>::new());
    }

    #[test]
    fn a_page_outside_summary_is_found() {
        let files = ["SUMMARY.md".to_owned(), "a.md".to_owned(), "orphan.md".to_owned()];
        assert_eq!(outside_summary(&files, &["a.md"]), ["orphan.md"]);
        assert_eq!(outside_summary(&files[..2], &["a.md"]), Vec::<&str>::new());
    }

    #[test]
    fn a_compile_error_is_indexed_with_its_kind() {
        let all = versions();
        let first = all[0];
        let mut captures = Captures::default();
        captures.programs.insert("refused".into(), Program::DoesNotCompile);
        let output = "error[E0308]: mismatched types\n --> examples/does_not_compile/refused.rs:4:18\n".to_owned();
        captures.by_example.entry("refused".into()).or_default().insert(all[0].into(), Capture { status: 1, output });
        let pages = [("refused".to_owned(), vec![("p.md".to_owned(), Shows::Messages)])].into();
        let index = message_index(&captures, &pages);
        let message = Message { kind: Kind::CompileError, text: "mismatched types".into() };
        assert_eq!(index, [(message.clone(), vec![first], vec!["p.md".to_owned()])]);

        let rendered = render_index(&[(message, vec![first], vec![("P".into(), "p.md".into())])]);
        let first = release_ranges(&[first]);
        assert_eq!(
            rendered.table.lines().nth(2).unwrap(),
            format!("| <code>mismatched types</code> | compile error | {first} | [P](p.md) |")
        );
        assert_eq!(
            rendered.sections,
            format!("```text\nmismatched types\n```\n\nA compile error on Wasmtime {first}. Explained in: [P](p.md).\n\n")
        );
    }

    #[test]
    fn a_matrix_row_explains_only_the_messages_its_page_quotes() {
        let all = versions();
        let mut captures = Captures::default();
        for (example, message) in [("x", "must use `call_async` with async stores"), ("y", "there is no reactor running, must be called")] {
            let output = format!("\nthread 'main' (TID) panicked at a.rs:1:1:\n{message}\nsecond line\n");
            captures.by_example.entry(example.into()).or_default().insert(all[0].into(), Capture { status: 101, output });
        }
        // The routing page quotes y's message, wrapped over two lines, and
        // x's nowhere; the symptom pages show each with a capture or a table.
        let routing = Shows::outcomes(
            "# Routing\n\n- \"there is no reactor running, must be\n  called\": see [there](p.md).\n\n{{#outcome_matrix x y}}\n",
        );
        let pages = [
            ("x".to_owned(), vec![("routing.md".to_owned(), routing.clone()), ("x.md".to_owned(), Shows::Messages)]),
            ("y".to_owned(), vec![("routing.md".to_owned(), routing), ("y.md".to_owned(), Shows::Messages)]),
        ]
        .into();
        let explained: Vec<(String, Vec<String>)> =
            message_index(&captures, &pages).into_iter().map(|(m, _, p)| (m.text.lines().next().unwrap().to_owned(), p)).collect();
        assert_eq!(
            explained,
            [
                ("must use `call_async` with async stores".to_owned(), vec!["x.md".to_owned()]),
                // The page showing the message before the one quoting it.
                ("there is no reactor running, must be called".to_owned(), vec!["y.md".to_owned(), "routing.md".to_owned()]),
            ]
        );
    }

    #[test]
    fn quoting_ignores_line_breaks_and_indentation_only() {
        let message = |text: &str| Message { kind: Kind::Panic, text: text.into() };
        let page = Shows::outcomes("> Cannot start a runtime\n> from within a runtime.\n");
        assert!(!page.explains(&message("Cannot start a runtime from within a runtime.")), "a blockquote's `>` is text");
        let page = Shows::outcomes("\"Cannot start a runtime\n   from within a runtime\"");
        assert!(page.explains(&message("Cannot start a runtime from within a runtime\nmore lines of the message")));
        assert!(!page.explains(&message("Cannot start a runtime from within a runtime. This happens")));
        assert!(Shows::Messages.explains(&message("anything")));
        assert_eq!(collapsed(" a\n\t b  c "), "a b c");
    }

    #[test]
    fn the_majors_of_a_message_come_from_the_sweep() {
        use crate::sweep::Row;
        let all = versions();
        let mut captures = Captures::default();
        let output = "\nthread 'main' (TID) panicked at a.rs:1:1:\nboom\n".to_owned();
        captures.by_example.entry("x".into()).or_default().insert(all[0].into(), Capture { status: 101, output });
        let row = Row { outcome: Outcome::Panics, message: Some("boom".into()) };
        let all = releases();
        for v in &all[..4] {
            captures.sweep.by_version.entry(v).or_default().insert("x".into(), row.clone());
        }
        let index = message_index(&captures, &BTreeMap::new());
        let mut want = all[..4].to_vec();
        if !want.contains(&versions()[0]) {
            want.push(versions()[0]); // the capture's
            want.sort_by_key(|v| crate::matrix::numbers(v));
        }
        assert_eq!(index[0].1, want);
    }

    #[test]
    fn a_message_only_the_sweep_saw_is_indexed_by_its_first_line() {
        use crate::sweep::Row;
        let mut captures = Captures::default();
        // Runs on the pinned version; panics with "older" on two releases.
        let v = versions()[0];
        captures.by_example.entry("x".into()).or_default().insert(v.into(), Capture { status: 0, output: "ok\n".into() });
        let panics = Row { outcome: Outcome::Panics, message: Some("older".into()) };
        let all = releases();
        for r in &all[..2] {
            captures.sweep.by_version.entry(r).or_default().insert("x".into(), panics.clone());
        }
        let pages = BTreeMap::from([("x".to_owned(), vec![("a.md".to_owned(), Shows::Messages)])]);
        let index = message_index(&captures, &pages);
        assert_eq!(index, vec![(Message { kind: Kind::Panic, text: "older".into() }, all[..2].to_vec(), vec!["a.md".to_owned()])]);
    }

    #[test]
    fn brackets_in_a_table_cell_are_not_a_link() {
        assert_eq!(cell_code("rules found: [\"a\"] | `b`"), "rules found: &#91;\"a\"&#93; &#124; &#96;b&#96;");
    }

    #[test]
    fn search_data_links_pages_from_the_root_and_cannot_end_its_script() {
        let message = Message { kind: Kind::Panic, text: "a </script> b".into() };
        let data = render_search_data(&[(
            message,
            vec![("x.md".into(), "X".into(), vec!["own".into()]), ("dir/y.md".into(), "Y".into(), vec![])],
        )]);
        assert_eq!(
            data,
            "\n\n<script>window.guideMessages = [{\"pages\":[{\"files\":[\"own\"],\"path\":\"x.html\",\"title\":\"X\"},{\"files\":[],\"path\":\"dir/y.html\",\"title\":\"Y\"}],\"text\":\"a <\\/script> b\"}];</script>\n"
        );
    }

    #[test]
    fn a_panic_file_is_its_crate_and_path_without_version_or_position() {
        assert_eq!(panic_file("wasmtime-36.0.20/src/runtime/func/typed.rs:99:9"), "wasmtime/src/runtime/func/typed.rs");
        assert_eq!(panic_file("wasmtime-wasi-41.0.4/src/runtime.rs:108:15"), "wasmtime-wasi/src/runtime.rs");
        assert_eq!(panic_file("tokio-1.54.1/src/runtime/handle.rs:1:2"), "tokio/src/runtime/handle.rs");
        assert_eq!(panic_file("examples/block_on_inside_host_function.rs:27:43"), "own");
    }

    /// A two-line panic explained on two pages, and an `Err` on one.
    fn entries() -> Vec<Entry> {
        let page = |t: &str, p: &str| (t.to_owned(), p.to_owned());
        // Every release the sweep runs of these majors.
        let of = |majors: &[u32]| releases().into_iter().filter(|v| majors.contains(&major(v))).collect();
        vec![
            (
                Message { kind: Kind::Panic, text: "a | b\nsecond line".into() },
                of(&[36, 37, 38, 41]),
                vec![page("A", "a.md"), page("B", "b/c.md")],
            ),
            (Message { kind: Kind::Err, text: "no <store> [x]".into() }, of(&[42]), vec![page("C", "c.md")]),
        ]
    }

    #[test]
    fn the_message_table_has_a_row_per_message_with_its_first_line() {
        assert_eq!(
            render_message_table(&entries()),
            "| You see | Kind | Seen on Wasmtime | Explained in |\n| --- | --- | --- | --- |\n\
             | <code>a &#124; b</code> | panic | 36–38, 41 | [A](a.md), [B](b/c.md) |\n\
             | <code>no &lt;store> &#91;x&#93;</code> | `Err` | 42 | [C](c.md) |\n"
        );
    }

    #[test]
    fn the_message_index_has_a_section_per_message_with_all_its_lines() {
        assert_eq!(
            render_message_index(&entries()),
            "```text\na | b\nsecond line\n```\n\nA panic on Wasmtime 36–38, 41. Explained in: [A](a.md), [B](b/c.md).\n\n\
             ```text\nno <store> [x]\n```\n\nAn `Err` on Wasmtime 42. Explained in: [C](c.md).\n\n"
        );
    }
}
