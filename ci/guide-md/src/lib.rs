//! Reads the guide's Markdown once for both of its readers: the mdbook
//! preprocessor (`main.rs`) and the test that runs every Rust block through
//! skeptic (`tests/book.rs` at the repository root). Both see the same
//! includes, version tokens and errors.

use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag};
use std::collections::BTreeMap;
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

/// A regex compiled once, on first use.
#[macro_export]
macro_rules! regex {
    ($re:literal) => {{
        static RE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| regex::Regex::new($re).unwrap());
        &*RE
    }};
}

/// The pinned Wasmtime versions, oldest first (one source: ci/wasmtime-versions).
pub fn versions() -> Vec<&'static str> {
    include_str!("../../wasmtime-versions").lines().filter(|l| !l.is_empty()).collect()
}

/// The Wasmtime version a crate resolved, read from the Cargo.lock beside its
/// Cargo.toml; an error if it is not in the pinned matrix.
pub fn wasmtime_version(crate_dir: &Path) -> Result<&'static str, String> {
    let path = crate_dir.join("Cargo.lock");
    let lock = fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let found = lock
        .split("[[package]]")
        .find(|p| p.contains("\nname = \"wasmtime\"\n"))
        .and_then(|p| p.lines().find_map(|l| l.strip_prefix("version = \"")))
        .map(|v| v.trim_end_matches('"'))
        .ok_or_else(|| format!("{}: no wasmtime package", path.display()))?;
    versions()
        .into_iter()
        .find(|v| *v == found)
        .ok_or_else(|| format!("{}: wasmtime {found} is not in the pinned matrix ({})", path.display(), versions().join(", ")))
}

fn major(version: &str) -> u32 {
    version.split('.').next().unwrap().parse().unwrap()
}

/// A problem in a page or an example, with the place a person should look.
#[derive(Debug)]
pub struct Error {
    pub file: PathBuf,
    pub line: usize,
    pub msg: String,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file.display(), self.line, self.msg)
    }
}

impl std::error::Error for Error {}

fn err<T>(file: &Path, line: usize, msg: impl Into<String>) -> Result<T, Error> {
    Err(Error { file: file.to_owned(), line, msg: msg.into() })
}

/// One fenced code block of a page, after its includes are expanded.
#[derive(Debug)]
pub struct Block {
    /// 1-based line of the opening fence in the page.
    pub line: usize,
    pub lang: String,
    /// The pinned versions it is compiled and run on.
    pub versions: Vec<&'static str>,
    pub no_run: bool,
    pub code: String,
    /// `Some(NAME)` when the block is exactly `{{#include ../examples/NAME.rs}}`.
    pub example: Option<String>,
}

/// What a page holds, and its Markdown as the reader's browser gets it.
#[derive(Debug)]
pub struct Page {
    pub blocks: Vec<Block>,
    /// Examples whose output the page shows with `{{#capture NAME}}`.
    pub captures: Vec<String>,
    pub rendered: String,
}

const LANGS: &[&str] = &["rust", "text", "console", "toml", "wat", "sh", "json"];

/// Reads `page` (a path under `root`, used in messages as given) and expands
/// its directives. `index` renders `{{#message_index}}`; `None` means the
/// caller does not render (tests/book.rs): captures may then be missing.
pub fn read_page(
    root: &Path,
    page: &Path,
    captures: &Captures,
    index: Option<&Index>,
) -> Result<Page, Error> {
    let text = fs::read_to_string(root.join(page))
        .or_else(|e| err(page, 0, format!("cannot read: {e}")))?;
    let line_of = |offset: usize| text[..offset].matches('\n').count() + 1;

    // Fenced blocks, found by a real Markdown parser, by byte range.
    let mut fences = Vec::new();
    for (event, range) in Parser::new(&text).into_offset_iter() {
        if let Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) = event {
            fences.push((range, info.to_string()));
        }
    }

    let directive = regex!(r"\{\{#(\w+)\s*([^}]*?)\s*\}\}");
    let mut blocks = Vec::new();
    let mut page_captures = Vec::new();
    let mut rendered = String::new();
    let mut done = 0; // bytes of `text` already copied to `rendered`

    let mut expand = |from: usize, to: usize, out: &mut String, in_block: bool| -> Result<(), Error> {
        let mut last = from;
        for m in directive.captures_iter(&text[from..to]) {
            let whole = m.get(0).unwrap();
            let (start, end) = (from + whole.start(), from + whole.end());
            let line = line_of(start);
            out.push_str(&text[last..start]);
            let arg = &m[2];
            match &m[1] {
                "include" | "rustdoc_include" => {
                    let hide = &m[1] == "rustdoc_include";
                    out.push_str(&include(root, page, line, arg, hide)?);
                }
                "capture" if !in_block => {
                    page_captures.push(arg.to_owned());
                    // Only rendering needs the captures; the tests run
                    // before ci/bless has written any for a new example.
                    out.push_str(&captures.render(root, page, line, arg, index.is_some())?);
                }
                "applies_to" | "outcomes" if !in_block => {
                    let inline = &m[1] == "outcomes";
                    out.push_str(&captures.applies_to(root, page, line, arg, index.is_some(), inline)?);
                }
                "message_index" if !in_block => match index {
                    Some(index) => out.push_str(&index.sections),
                    None => out.push_str(&text[start..end]),
                },
                "message_table" if !in_block => match index {
                    Some(index) => out.push_str(&index.table),
                    None => out.push_str(&text[start..end]),
                },
                other => {
                    return err(page, line, format!(
                        "unknown directive `{{{{#{other}}}}}`{}: use include, rustdoc_include, capture, applies_to, outcomes, message_index or message_table",
                        if in_block { " inside a code block" } else { "" }
                    ))
                }
            }
            last = end;
        }
        out.push_str(&text[last..to]);
        Ok(())
    };

    for (range, info) in fences {
        let line = line_of(range.start);
        let block = &text[range.clone()];
        let fence_line_end = range.start + block.find('\n').unwrap_or(block.len());
        // The closing fence is the last line of the range (if the block is closed).
        let body_end = range.start + block.trim_end().rfind('\n').unwrap_or(0);
        let body_start = (fence_line_end + 1).min(body_end);

        expand(done, range.start, &mut rendered, false)?;
        let (lang, versions, no_run) = parse_info(page, line, &info)?;
        let mut code = String::new();
        expand(body_start, body_end, &mut code, true)?;
        let example = whole_example(&text[body_start..body_end]);
        // An included example runs where its `//! Wasmtime:` line says.
        let runs_on = match &example {
            Some(name) => example_versions(root, name)?,
            None => self::versions(),
        };
        if let Some(v) = versions.iter().flatten().find(|v| !runs_on.contains(v)) {
            let name = example.as_deref().unwrap_or_default();
            return err(page, line, format!("examples/{name}.rs does not run on Wasmtime {v} (its `//! Wasmtime:` line)"));
        }
        let versions = versions.unwrap_or(runs_on);

        // What the reader sees: the label, then the block with our tokens removed.
        let indent: String = text[text[..range.start].rfind('\n').map_or(0, |i| i + 1)..range.start].to_owned();
        if lang == "rust" {
            rendered.push_str(&format!("<p class=\"wt-versions\">{}</p>\n\n{indent}", label(&versions)));
        }
        let fence = &text[range.start..fence_line_end];
        let ticks: String = fence.trim_start().chars().take_while(|c| *c == '`' || *c == '~').collect();
        rendered.push_str(&format!("{ticks}{lang}\n{code}"));
        rendered.push_str(&text[body_end..range.end]);
        done = range.end;

        blocks.push(Block { line, lang, versions, no_run, code, example });
    }
    expand(done, text.len(), &mut rendered, false)?;
    Ok(Page { blocks, captures: page_captures, rendered })
}

/// Splits a fence's info string into language, versions and `no_run`,
/// refusing anything it does not know.
/// The versions are `None` when the block names none.
fn parse_info(page: &Path, line: usize, info: &str) -> Result<(String, Option<Vec<&'static str>>, bool), Error> {
    let mut tokens = info.split(',').map(str::trim).filter(|t| !t.is_empty());
    let lang = tokens.next().unwrap_or("");
    if !LANGS.contains(&lang) {
        return err(page, line, format!(
            "code block language `{lang}` is not one of {}", LANGS.join(", ")
        ));
    }
    let mut chosen: Option<Vec<&'static str>> = None;
    let mut no_run = false;
    for token in tokens {
        if let Some(range) = version_range(token) {
            let range = range.or_else(|e| err(page, line, e))?;
            let set = chosen.get_or_insert_with(Vec::new);
            for v in range {
                if !set.contains(&v) {
                    set.push(v);
                }
            }
            continue;
        }
        match token {
            "no_run" if lang == "rust" => no_run = true,
            "should_panic" | "ignore" | "compile_fail" => {
                return err(page, line, format!(
                    "`{token}` is not allowed: a block that must fail belongs in examples/, \
                     with its output shown by {{{{#capture NAME}}}}, where its compile and exact message are checked"
                ))
            }
            _ => {
                return err(page, line, format!(
                    "unknown code block token `{token}`: use a version (v36, v42-48), or no_run on rust blocks"
                ))
            }
        }
    }
    if let Some(chosen) = &mut chosen {
        chosen.sort_by_key(|v| major(v));
    }
    Ok((lang.to_owned(), chosen, no_run))
}

/// A version token, `v41` or `v36-41`: `None` if `token` is not one, else the
/// pinned versions it names, or why it names none.
pub fn version_range(token: &str) -> Option<Result<Vec<&'static str>, String>> {
    let m = regex!(r"^v(\d+)(?:-(\d+))?$").captures(token)?;
    let all = versions();
    let lo: u32 = m[1].parse().unwrap();
    let hi: u32 = m.get(2).map_or(lo, |h| h.as_str().parse().unwrap());
    for end in [lo, hi] {
        if !all.iter().any(|v| major(v) == end) {
            return Some(Err(format!(
                "`{token}` names Wasmtime {end}, which is not in the pinned matrix ({})",
                all.join(", ")
            )));
        }
    }
    if lo > hi {
        return Some(Err(format!("`{token}`: the range is backwards")));
    }
    Some(Ok(all.into_iter().filter(|v| (lo..=hi).contains(&major(v))).collect()))
}

/// The versions an example runs on: every pinned version, unless one of its
/// first lines says otherwise with `//! Wasmtime: v41-48`.
pub fn example_versions(root: &Path, name: &str) -> Result<Vec<&'static str>, Error> {
    let rel = PathBuf::from("examples").join(format!("{name}.rs"));
    let text = fs::read_to_string(root.join(&rel)).or_else(|e| err(&rel, 0, format!("cannot read: {e}")))?;
    for (i, line) in text.lines().take(5).enumerate() {
        if let Some(token) = line.strip_prefix("//! Wasmtime: ") {
            let range = version_range(token.trim())
                .unwrap_or_else(|| Err(format!("`{token}` is not a version token such as v41 or v41-48")));
            let range = range.or_else(|e| err(&rel, i + 1, e))?;
            if !range.contains(versions().last().unwrap()) {
                return err(&rel, i + 1, "an example must run on the newest pinned version: plain `cargo` builds every file in examples/");
            }
            return Ok(range);
        }
    }
    Ok(versions())
}

/// "Tested on Wasmtime 36.0.20 and 41.0.4", the label a reader sees.
pub fn label(versions: &[&str]) -> String {
    let all = self::versions();
    let list = match versions {
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
        [] => String::new(),
    };
    if versions == all.as_slice() {
        format!("Tested on every pinned Wasmtime: {list}")
    } else {
        format!("Tested on Wasmtime {list} only")
    }
}

/// `Some(NAME)` when the block is examples/NAME.rs: a whole-file include, or
/// a `rustdoc_include` excerpt (the rest of the program is there, hidden).
fn whole_example(body: &str) -> Option<String> {
    let re = regex!(r"^\{\{#(include|rustdoc_include) \.\./examples/(\w+)\.rs(:\w+)?\}\}$");
    let m = re.captures(body.trim())?;
    (&m[1] == "rustdoc_include" || m.get(3).is_none()).then(|| m[2].to_owned())
}

/// mdbook's `{{#include path[:anchor]}}` and `{{#rustdoc_include ...}}`:
/// anchor lines are dropped; rustdoc_include hides the lines outside the anchor.
fn include(root: &Path, page: &Path, line: usize, arg: &str, hide: bool) -> Result<String, Error> {
    let (file, anchor) = match arg.split_once(':') {
        Some((f, a)) => (f, Some(a)),
        None => (arg, None),
    };
    let path = root.join(page).parent().unwrap().join(file);
    let text = fs::read_to_string(&path)
        .or_else(|e| err(page, line, format!("cannot include `{file}` ({}): {e}", path.display())))?;
    let marker = regex!(r"ANCHOR(_END)?:\s*(\w+)");
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
        } else if hide {
            out.push_str(&format!("# {l}\n"));
        }
    }
    if let (Some(anchor), false) = (anchor, found) {
        return err(page, line, format!("`{file}` has no anchor `{anchor}` (ANCHOR: {anchor} ... ANCHOR_END: {anchor})"));
    }
    Ok(out.trim_end_matches('\n').to_owned())
}

/// What one example printed on one version, as stored in captures/NAME/VERSION.txt.
#[derive(Debug, Clone, PartialEq)]
pub struct Capture {
    pub status: i32,
    pub output: String,
}

impl Capture {
    pub fn parse(text: &str) -> Option<Capture> {
        let (first, output) = text.split_once('\n')?;
        let status = first.strip_prefix("exit status: ")?.parse().ok()?;
        Some(Capture { status, output: output.to_owned() })
    }

    pub fn to_file(&self) -> String {
        format!("exit status: {}\n{}", self.status, self.output)
    }

    pub fn outcome(&self) -> &'static str {
        match (self.status, self.message()) {
            (0, _) => "runs to the end",
            (_, Some(Message { kind: Kind::Panic, .. })) => "panics",
            (_, Some(Message { kind: Kind::Err, .. })) => "`main` returns `Err`",
            _ => "fails",
        }
    }

    /// The panic message or error the program ended with, if any.
    pub fn message(&self) -> Option<Message> {
        let lines: Vec<&str> = self.output.lines().collect();
        let panic_at = regex!(r"^thread '[^']*'(?: \(\S+\))? panicked at .*:$");
        if let Some(i) = lines.iter().position(|l| panic_at.is_match(l)) {
            let text: Vec<&str> = lines[i + 1..]
                .iter()
                .take_while(|l| !l.starts_with("note: run with `RUST_BACKTRACE"))
                .copied()
                .collect();
            return Some(Message { kind: Kind::Panic, text: text.join("\n") });
        }
        let i = lines.iter().position(|l| l.starts_with("Error: "))?;
        let text = lines[i..].join("\n");
        Some(Message { kind: Kind::Err, text: text["Error: ".len()..].trim_end().to_owned() })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Panic,
    Err,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Message {
    pub kind: Kind,
    pub text: String,
}

/// Every capture under `captures/`, by example and version.
#[derive(Default)]
pub struct Captures(pub BTreeMap<String, BTreeMap<String, Capture>>);

impl Captures {
    pub fn load(root: &Path) -> Result<Captures, Error> {
        let mut all = Captures::default();
        let dir = root.join("captures");
        let Ok(entries) = fs::read_dir(&dir) else { return Ok(all) };
        for example in entries.flatten() {
            let name = example.file_name().to_string_lossy().into_owned();
            for file in fs::read_dir(example.path()).into_iter().flatten().flatten() {
                let path = file.path();
                let rel = PathBuf::from("captures").join(&name).join(file.file_name());
                let Some(version) = path.file_name().unwrap().to_str().unwrap().strip_suffix(".txt") else {
                    return err(&rel, 0, "a capture file must be named VERSION.txt");
                };
                if !versions().contains(&version) {
                    return err(&rel, 0, format!("{version} is not in the pinned matrix ({})", versions().join(", ")));
                }
                let text = fs::read_to_string(&path).unwrap_or_default();
                let capture = Capture::parse(&text)
                    .ok_or_else(|| Error { file: rel, line: 1, msg: "first line must be `exit status: N`".into() })?;
                all.0.entry(name.clone()).or_default().insert(version.to_owned(), capture);
            }
        }
        Ok(all)
    }

    pub fn get(&self, example: &str, version: &str) -> Option<&Capture> {
        self.0.get(example)?.get(version)
    }

    /// Versions grouped by identical capture, oldest first.
    pub fn groups(&self, example: &str) -> Vec<(Vec<&'static str>, &Capture)> {
        let mut groups: Vec<(Vec<&'static str>, &Capture)> = Vec::new();
        for v in versions() {
            let Some(c) = self.get(example, v) else { continue };
            match groups.iter_mut().find(|(_, g)| *g == c) {
                Some((vs, _)) => vs.push(v),
                None => groups.push((vec![v], c)),
            }
        }
        groups
    }

    /// `{{#applies_to NAME}}`: one line per group of versions with the same
    /// outcome of examples/NAME.rs, derived from the captures;
    /// `{{#outcomes NAME}}`: the same in one line, for a table cell.
    fn applies_to(&self, root: &Path, page: &Path, line: usize, name: &str, complete: bool, inline: bool) -> Result<String, Error> {
        self.render(root, page, line, name, false)?; // the same checks as {{#capture}}
        if !complete {
            return Ok(String::new());
        }
        let mut outcomes: Vec<(Vec<&str>, &str)> = Vec::new();
        for (versions, capture) in self.groups(name) {
            match outcomes.iter_mut().find(|(_, o)| *o == capture.outcome()) {
                Some((vs, _)) => vs.extend(versions),
                None => outcomes.push((versions, capture.outcome())),
            }
        }
        if inline {
            let parts: Vec<String> = outcomes.iter().map(|(vs, outcome)| format!("{outcome} on {}", list(vs))).collect();
            return Ok(parts.join("; "));
        }
        let lines: Vec<String> = outcomes
            .iter()
            .map(|(vs, outcome)| format!("- **Wasmtime {}**: the program {outcome}.", list(vs)))
            .collect();
        Ok(lines.join("\n"))
    }

    /// `{{#capture NAME}}`: the output of examples/NAME.rs on each version.
    fn render(&self, root: &Path, page: &Path, line: usize, name: &str, complete: bool) -> Result<String, Error> {
        if !root.join("examples").join(format!("{name}.rs")).is_file() {
            return err(page, line, format!("{{{{#capture {name}}}}}: there is no examples/{name}.rs"));
        }
        if !complete {
            return Ok(String::new());
        }
        let missing: Vec<_> = example_versions(root, name)?.into_iter().filter(|v| self.get(name, v).is_none()).collect();
        if !missing.is_empty() {
            return err(page, line, format!(
                "{{{{#capture {name}}}}}: no capture for Wasmtime {}: run `ci/bless`", missing.join(", ")
            ));
        }
        let mut out = String::new();
        for (versions, capture) in self.groups(name) {
            // Markdown is not read inside an HTML block: `code` becomes <code>.
            let outcome = regex!("`([^`]*)`").replace_all(capture.outcome(), "<code>$1</code>");
            out.push_str(&format!(
                "<p class=\"wt-versions\">Wasmtime {}: {outcome} (exit status {})</p>\n\n",
                list(&versions), capture.status
            ));
            out.push_str(&format!("```console\n$ cargo run --example {name}\n{}```\n\n", capture.output));
        }
        Ok(out.trim_end().to_owned())
    }
}

fn list(versions: &[&str]) -> String {
    match versions {
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
        [] => String::new(),
    }
}

/// Every distinct message the book quotes, with its kind, versions and the
/// pages that show it. `pages` maps an example to the pages with its capture.
pub fn message_index(captures: &Captures, pages: &BTreeMap<String, Vec<String>>) -> Vec<(Message, Vec<&'static str>, Vec<String>)> {
    let mut index: BTreeMap<Message, (Vec<&'static str>, Vec<String>)> = BTreeMap::new();
    for (example, by_version) in &captures.0 {
        let shown_on = pages.get(example).cloned().unwrap_or_default();
        for v in versions() {
            let Some(message) = by_version.get(v).and_then(Capture::message) else { continue };
            let (vs, ps) = index.entry(message).or_default();
            if !vs.contains(&v) {
                vs.push(v);
            }
            for p in &shown_on {
                if !ps.contains(p) {
                    ps.push(p.clone());
                }
            }
        }
    }
    index.into_iter().map(|(m, (mut v, p))| {
        v.sort_by_key(|v| major(v));
        (m, v, p)
    }).collect()
}

/// The message index rendered for one page: `{{#message_index}}` (a section
/// per message, so search finds each) and `{{#message_table}}` (a row each).
pub struct Index {
    pub sections: String,
    pub table: String,
}

type Entry = (Message, Vec<&'static str>, Vec<(String, String)>);

pub fn render_index(entries: &[Entry]) -> Index {
    Index { sections: render_message_index(entries), table: render_message_table(entries) }
}

fn render_message_table(entries: &[Entry]) -> String {
    let mut out = String::from("| You see | Kind | Printed by Wasmtime | Explained in |\n| --- | --- | --- | --- |\n");
    for (message, versions, pages) in entries {
        let first = message.text.lines().next().unwrap_or_default();
        let escaped = first.replace('&', "&amp;").replace('<', "&lt;").replace('`', "&#96;").replace('|', "&#124;");
        let kind = match message.kind {
            Kind::Panic => "panic",
            Kind::Err => "`Err`",
        };
        let links: Vec<String> = pages.iter().map(|(title, path)| format!("[{title}]({path})")).collect();
        out.push_str(&format!("| <code>{escaped}</code> | {kind} | {} | {} |\n", list(versions), links.join(", ")));
    }
    out
}

/// The index as Markdown: one section per message, so search finds each one.
fn render_message_index(entries: &[Entry]) -> String {
    let mut out = String::new();
    for (message, versions, pages) in entries {
        let kind = match message.kind {
            Kind::Panic => "A panic",
            Kind::Err => "An `Err`",
        };
        out.push_str(&format!("```text\n{}\n```\n\n", message.text));
        let links: Vec<String> = pages.iter().map(|(title, path)| format!("[{title}]({path})")).collect();
        out.push_str(&format!(
            "{kind} on Wasmtime {}. Explained in: {}.\n\n",
            list(versions),
            links.join(", ")
        ));
    }
    out
}

/// The one normalisation rule for captured output: the parts that differ
/// between machines and runs are replaced by a fixed word.
/// - the absolute path of Cargo's registry sources becomes `$CARGO_REGISTRY`
///   (so `$CARGO_REGISTRY/wasmtime-36.0.20/src/runtime/func.rs:958:9`);
/// - the absolute path of the crate becomes `$ROOT`;
/// - a thread id after a thread name, `thread 'main' (12345)`, becomes `(TID)`.
pub fn normalise(output: &str, root: &Path) -> String {
    let registry = regex!(r"(/[^\s:]*)?/registry/src/[^/\s]+-[0-9a-f]{16}/");
    let tid = regex!(r"(thread '[^']*') \(\d+\)");
    let out = registry.replace_all(output, "$$CARGO_REGISTRY/");
    let out = out.replace(&format!("{}/", root.display()), "$ROOT/");
    tid.replace_all(&out, "$1 (TID)").into_owned()
}
