//! Reading a page: find its directives (`{{#name args}}`, parsed into a
//! [`Directive`] as mdBook's `links.rs` parses its `LinkType`), check them,
//! and render them, with every fenced block's info string checked and
//! labeled on the way.

use crate::captures::{code_spans, Captures};
use crate::examples::{find_example, Program};
use crate::include::{include, Outside};
use crate::index::Index;
use crate::versions::{example_versions, form_range, label, list, major, version_range, versions};
use crate::{err, Error};
use pulldown_cmark::{CodeBlockKind, Event, Tag};
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;

/// One `{{#name args}}` of a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Directive {
    /// `{{#include PATH[:ANCHOR]}}` (`outside: Dropped`) and
    /// `{{#rustdoc_include PATH[:ANCHOR]}}` (`outside: Hidden`).
    Include { path: String, anchor: Option<String>, outside: Outside },
    /// `{{#capture NAME}}`: what examples/NAME.rs printed, per version.
    Capture(String),
    /// `{{#applies_to NAME}}`: a list of outcomes per version.
    AppliesTo(String),
    /// `{{#outcomes NAME}}`: the outcomes on one line.
    Outcomes(String),
    /// `{{#outcome_table NAME}}`: a table row per outcome and message.
    OutcomeTable(String),
    /// `{{#outcome_matrix NAME NAME ...}}`: a row per example, a column per version.
    OutcomeMatrix(Vec<String>),
    /// `{{#message_index}}`: a section per message the book quotes.
    MessageIndex,
    /// `{{#message_table}}`: a table row per message.
    MessageTable,
    /// `{{#pinned_versions}}`: the pinned releases of ci/wasmtime-matrix,
    /// each with why it is pinned.
    PinnedVersions,
    /// `{{#swept_releases}}`: every release the sweep runs, by major.
    SweptReleases,
}

/// The directives a page may use, as the error for an unknown one lists them.
const NAMES: &str =
    "include, rustdoc_include, capture, applies_to, outcomes, outcome_table, outcome_matrix, message_index, message_table, pinned_versions, swept_releases";

impl Directive {
    /// Parses the inside of `{{#name args}}`.
    pub fn parse(name: &str, args: &str) -> Result<Directive, String> {
        let args: Vec<&str> = args.split_whitespace().collect();
        let one_name = |what: &str| match args.as_slice() {
            [n] if regex!(r"^\w+$").is_match(n) => Ok(n.to_string()),
            _ => Err(format!(
                "`{{{{#{}}}}}`: expected one example name, `{{{{#{name} {what}}}}}`",
                [name].iter().chain(&args).copied().collect::<Vec<_>>().join(" ")
            )),
        };
        Ok(match name {
            "include" | "rustdoc_include" => {
                let [arg] = args.as_slice() else {
                    return Err(format!("`{{{{#{name}}}}}` takes one path, `{{{{#{name} ../examples/NAME.rs[:ANCHOR]}}}}`"));
                };
                let (path, anchor) = arg.split_once(':').map_or((*arg, None), |(p, a)| (p, Some(a)));
                if let Some(a) = anchor.filter(|a| !regex!(r"^[\w-]+$").is_match(a)) {
                    return Err(format!("`{{{{#{name} {arg}}}}}`: `{a}` is not an anchor name (line ranges are not supported: mark the lines with ANCHOR comments)"));
                }
                let outside = if name == "include" { Outside::Dropped } else { Outside::Hidden };
                Directive::Include { path: path.to_owned(), anchor: anchor.map(str::to_owned), outside }
            }
            "capture" => Directive::Capture(one_name("NAME")?),
            "applies_to" => Directive::AppliesTo(one_name("NAME")?),
            "outcomes" => Directive::Outcomes(one_name("NAME")?),
            "outcome_table" => Directive::OutcomeTable(one_name("NAME")?),
            "outcome_matrix" => {
                if args.is_empty() || !args.iter().all(|n| regex!(r"^\w+$").is_match(n)) {
                    return Err(format!("`{{{{#{name} {}}}}}`: expected example names, `{{{{#{name} NAME NAME ...}}}}`", args.join(" ")));
                }
                Directive::OutcomeMatrix(args.iter().map(|n| n.to_string()).collect())
            }
            "message_index" | "message_table" | "pinned_versions" | "swept_releases" if !args.is_empty() => {
                return Err(format!("`{{{{#{name}}}}}` takes no arguments"))
            }
            "message_index" => Directive::MessageIndex,
            "message_table" => Directive::MessageTable,
            "pinned_versions" => Directive::PinnedVersions,
            "swept_releases" => Directive::SweptReleases,
            other => return Err(format!("unknown directive `{{{{#{other}}}}}`: use one of {NAMES}")),
        })
    }
}

/// Every `{{#name args}}` in `text`, by byte range, with its name. `\{{#...}}`
/// is left to mdBook, which prints it without the backslash.
pub fn find_directives(text: &str) -> Vec<(Range<usize>, &str, Result<Directive, String>)> {
    regex!(r"\{\{#(\w+)\s*([^}]*?)\s*\}\}")
        .captures_iter(text)
        .filter(|m| !text[..m.get(0).unwrap().start()].ends_with('\\'))
        .map(|m| (m.get(0).unwrap().range(), m.get(1).unwrap().as_str(), Directive::parse(&m[1], &m[2])))
        .collect()
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
    /// `Some(NAME)` when the block is examples/NAME.rs: a whole
    /// `{{#include ../examples/NAME.rs}}`, or a `{{#rustdoc_include}}`
    /// excerpt of it (the rest of the program is there, hidden). The same
    /// for examples/does_not_compile/NAME.rs, and there an `{{#include}}`
    /// excerpt too (nothing of it is compiled as a block).
    pub example: Option<String>,
    /// `DoesNotCompile` for a block of examples/does_not_compile/NAME.rs:
    /// tests/guide/captures.rs compiles that program and checks the compiler's
    /// messages; tests/guide/blocks.rs leaves the block out.
    pub program: Program,
}

/// What a page holds, and its Markdown as the reader's browser gets it.
#[derive(Debug)]
pub struct Page {
    pub blocks: Vec<Block>,
    /// Examples whose output the page shows with `{{#capture NAME}}`.
    pub captures: Vec<String>,
    /// Examples whose messages the page shows, by version, with
    /// `{{#outcome_table NAME}}`.
    pub outcome_tables: Vec<String>,
    /// Examples whose outcomes (without their messages) the page shows as
    /// rows of `{{#outcome_matrix NAME ...}}`.
    pub matrix_rows: Vec<String>,
    /// The page's Markdown as written, directives unexpanded.
    pub text: String,
    pub rendered: String,
}

/// Who reads the page.
#[derive(Clone, Copy)]
pub enum Mode<'a> {
    /// tests/guide/blocks.rs: every directive is checked,
    /// but the outputs that need the whole book render as nothing, and an
    /// example may have no captures yet.
    Check,
    /// The mdbook preprocessor, with what only the whole book knows.
    Render(&'a Rendering),
}

/// What the preprocessor knows about the whole book, for one page.
#[derive(Debug, Default)]
pub struct Rendering {
    pub index: Index,
    /// Example -> the first page that shows `{{#capture NAME}}`, as a link
    /// relative to this page.
    pub capture_pages: BTreeMap<String, String>,
}

const LANGS: &[&str] = &["rust", "text", "console", "toml", "wat", "sh", "json"];

/// Where a directive stands.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    Prose,
    Code,
}

/// Reads a page and expands its directives: `text` is its Markdown (the
/// chapter's content mdBook hands the preprocessor, or [`read_file`](crate::read_file)), and
/// `page` its path under `root`, which its includes are relative to and
/// messages name as given.
pub fn read_page(root: &Path, page: &Path, text: String, captures: &Captures, mode: Mode) -> Result<Page, Error> {
    crate::claims::check_claims(root, page, &text)?;
    crate::claims::check_outcome_subjects(page, &text)?;
    let mut reader = Reader { root, page, captures, mode, text: &text, shown: Vec::new(), tables: Vec::new(), rows: Vec::new() };
    let (blocks, rendered) = reader.read()?;
    Ok(Page { blocks, captures: reader.shown, outcome_tables: reader.tables, matrix_rows: reader.rows, text, rendered })
}

struct Reader<'a> {
    root: &'a Path,
    page: &'a Path,
    captures: &'a Captures,
    mode: Mode<'a>,
    text: &'a str,
    /// The examples `{{#capture}}` shows.
    shown: Vec<String>,
    /// The examples `{{#outcome_table}}` shows.
    tables: Vec<String>,
    /// The examples `{{#outcome_matrix}}` shows.
    rows: Vec<String>,
}

impl Reader<'_> {
    /// The text before `offset` on its line.
    fn line_prefix(&self, offset: usize) -> &str {
        &self.text[self.text[..offset].rfind('\n').map_or(0, |i| i + 1)..offset]
    }

    fn read(&mut self) -> Result<(Vec<Block>, String), Error> {
        let text = self.text;
        // Fenced blocks, found by a real Markdown parser, by byte range.
        let mut fences = Vec::new();
        let mut headings = Vec::new(); // (offset, level, text)
        for (event, range) in crate::parser(text).into_offset_iter() {
            match event {
                Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => fences.push((range, info.to_string())),
                Event::Start(Tag::Heading(level, ..)) => {
                    headings.push((range.start, level as usize, text[range].trim_start_matches('#').trim().to_owned()))
                }
                _ => {}
            }
        }
        let mut blocks = Vec::new();
        let mut rendered = String::new();
        let mut done = 0; // bytes of `text` already copied to `rendered`
        for (range, info) in fences {
            let line = crate::line_of(text, range.start);
            let block = &text[range.clone()];
            let fence_line_end = range.start + block.find('\n').unwrap_or(block.len());
            let body_end = range.start + body_len(block);
            let body_start = (fence_line_end + 1).min(body_end);

            rendered.push_str(&self.expand(done..range.start, Place::Prose)?);
            let (lang, chosen, no_run) = parse_info(self.page, line, &info)?;
            let code = self.expand(body_start..body_end, Place::Code)?;
            let include = sole_include(&text[body_start..body_end]);
            let shown = include.as_ref().and_then(block_example);
            // An included example runs (or fails to compile) where its
            // `//! Wasmtime:` line says: the line of the form the block
            // shows, examples/NAME.rs or examples/older/NAME.rs.
            let (runs_on, program) = match &shown {
                Some((name, form)) => {
                    let found = find_example(self.root, name).or_else(|e| err(self.page, line, e))?;
                    let all = example_versions(self.root, name)?;
                    let this_form = form_range(self.root, form)?.0;
                    (all.into_iter().filter(|v| this_form.contains(v)).collect(), found.program)
                }
                None => (versions(), Program::Compiles),
            };
            let example = shown.as_ref().map(|(name, _)| name.clone());
            if let Some(v) = chosen.iter().flatten().find(|v| !runs_on.contains(v)) {
                let path = shown.as_ref().map(|(_, form)| form.clone()).unwrap_or_default();
                return err(
                    self.page,
                    line,
                    format!(
                        "{} does not run on Wasmtime {v} (its `//! Wasmtime:` line): drop {v} from the block's version token",
                        path.display()
                    ),
                );
            }
            let versions = chosen.unwrap_or(runs_on);

            // What the reader sees: the label, then the block with our tokens removed.
            // Inside a list item or a blockquote, the label and the block's
            // lines stay in it.
            let carry = carried_prefix(self.line_prefix(range.start)).unwrap_or_default();
            // A file the block includes whole (no anchor) is a whole program, not an excerpt.
            let fold = match &include {
                Some((path, None, _)) if lang == "rust" && carry.is_empty() && below_the_answer(&headings, range.start) => {
                    path.strip_prefix("../")
                }
                _ => None,
            };
            if let Some(path) = fold {
                rendered.push_str(&format!("<details class=\"wt-whole\"><summary>The whole program: <code>{path}</code></summary>\n\n"));
            }
            if lang == "rust" {
                let demonstration = match &shown {
                    Some((_, form)) => crate::examples::is_demonstration(&crate::read_file(self.root, form)?, form)?,
                    None => false,
                };
                let html = self.label(&versions, example.as_deref(), program, demonstration);
                rendered.push_str(&format!("{html}\n{}\n{carry}", carry.trim_end()));
            }
            let ticks: String = text[range.start..fence_line_end].trim_start().chars().take_while(|c| *c == '`' || *c == '~').collect();
            rendered.push_str(&format!("{ticks}{lang}\n{code}"));
            rendered.push_str(&text[body_end..range.end]);
            if fold.is_some() {
                rendered.push_str("\n\n</details>\n");
            }
            done = range.end;

            blocks.push(Block { line, lang, versions, no_run, code: strip_prefix_lines(&code, &carry), example, program });
        }
        rendered.push_str(&self.expand(done..text.len(), Place::Prose)?);
        Ok((blocks, rendered))
    }

    /// The label above a rust block: the versions it runs on, and for an
    /// example that panics or returns `Err` on any of them, what it does;
    /// for a program that must not compile, the versions it does not
    /// compile on (a mistake too: ci/browser/check.mjs does not compile a
    /// block labeled so). A demonstration (`//! Kind: demonstration`) that
    /// runs to the end is labeled as one, not as a program to copy.
    fn label(&self, versions: &[&'static str], example: Option<&str>, program: Program, demonstration: bool) -> String {
        let data = format!("data-versions=\"{}\"", versions.join(" "));
        if program == Program::DoesNotCompile {
            return format!(
                "<p class=\"wt-versions wt-mistake\" {data} data-outcome=\"mistake\" data-compiles=\"no\">Does not compile: on {}</p>",
                list(versions)
            );
        }
        let mistake = example.filter(|name| versions.iter().any(|v| self.captures.get(name, v).is_some_and(|c| c.status != 0)));
        match mistake {
            Some(name) => format!(
                "<p class=\"wt-versions wt-mistake\" {data} data-outcome=\"mistake\">Mistake program: {}</p>",
                code_spans(&self.captures.outcomes_on(name, versions))
            ),
            None if demonstration => format!(
                "<p class=\"wt-versions wt-demonstration\" {data} data-outcome=\"demonstration\">Demonstration, not a fix: \
                 runs to the end on {} and shows the failure</p>",
                list(versions)
            ),
            None => format!("<p class=\"wt-versions\" {data}>{}</p>", label(versions)),
        }
    }

    /// `text[range]` with its directives rendered.
    fn expand(&mut self, range: Range<usize>, place: Place) -> Result<String, Error> {
        let text = self.text;
        let mut out = String::new();
        let mut last = range.start;
        let mut whole_files = 0;
        for (found, name, directive) in find_directives(&text[range.clone()]) {
            let (start, end) = (range.start + found.start, range.start + found.end);
            let line = crate::line_of(text, start);
            let directive = directive.or_else(|e| err(self.page, line, e))?;
            if place == Place::Code && matches!(directive, Directive::Include { outside: Outside::Hidden, .. }) {
                whole_files += 1;
                if whole_files > 1 {
                    // Each brings the rest of its file as hidden lines: two
                    // make one program twice (two `main`s), which skeptic
                    // would reject with a compiler error far from here.
                    return err(
                        self.page,
                        line,
                        "a second `{{#rustdoc_include}}` in one code block: each brings the rest of its file as hidden lines; show each excerpt in a block of its own",
                    );
                }
            }
            out.push_str(&text[last..start]);
            let carry = carried_prefix(self.line_prefix(start));
            out.push_str(&carry_lines(&self.render(&directive, name, line, place)?, carry.as_deref()));
            last = end;
        }
        out.push_str(&text[last..range.end]);
        Ok(out)
    }

    /// Checks one directive (`{{#NAME ...}}`), and renders it for the reader.
    fn render(&mut self, directive: &Directive, name: &str, line: usize, place: Place) -> Result<String, Error> {
        let (root, page, captures) = (self.root, self.page, self.captures);
        if place == Place::Code && !matches!(directive, Directive::Include { .. }) {
            return err(
                page,
                line,
                format!("`{{{{#{name}}}}}` inside a code block: only include and rustdoc_include work there; move it out of the fence"),
            );
        }
        let rendering = if let Mode::Render(r) = self.mode { Some(r) } else { None };
        // Every directive about an example checks it; most then need the
        // versions it applies to.
        let check = |example: &str| captures.check(root, page, line, name, example, rendering.is_some());
        let checked_versions = |name: &str| check(name).and_then(|()| example_versions(root, name));
        Ok(match directive {
            Directive::Include { path, anchor, outside } => include(root, page, line, path, anchor.as_deref(), *outside)?,
            Directive::Capture(name) => {
                self.shown.push(name.clone());
                check(name)?;
                rendering.map(|_| captures.console(name)).unwrap_or_default()
            }
            Directive::AppliesTo(name) => {
                let runs_on = checked_versions(name)?;
                rendering.map(|_| captures.applies_to(name, &runs_on)).unwrap_or_default()
            }
            Directive::Outcomes(name) => {
                let runs_on = checked_versions(name)?;
                rendering.map(|_| captures.outcomes_line(name, &runs_on)).unwrap_or_default()
            }
            Directive::OutcomeTable(name) => {
                self.tables.push(name.clone());
                let runs_on = checked_versions(name)?;
                rendering.map(|_| captures.outcome_table(name, &runs_on)).unwrap_or_default()
            }
            Directive::OutcomeMatrix(names) => {
                let mut rows = Vec::new();
                for name in names {
                    self.rows.push(name.clone());
                    check(name)?;
                    rows.push((name.as_str(), describe(root, name)?, example_versions(root, name)?));
                }
                rendering.map(|r| captures.outcome_matrix(&rows, &r.capture_pages)).unwrap_or_default()
            }
            Directive::MessageIndex => rendering.map(|r| r.index.sections.clone()).unwrap_or_default(),
            Directive::MessageTable => rendering.map(|r| r.index.table.clone()).unwrap_or_default(),
            Directive::PinnedVersions => rendering.map(|_| crate::matrix::pinned_table(crate::matrix::matrix())).unwrap_or_default(),
            Directive::SweptReleases => rendering.map(|_| crate::matrix::swept_table(crate::matrix::matrix())).unwrap_or_default(),
        })
    }
}

/// The prefix every further line of a directive's output gets, as mdBook
/// does for `{{#include}}`: the text before the directive on its line when
/// that is indentation and blockquote markers (kept as they are) with at most
/// one list marker (which becomes spaces of its width). `None` when the
/// directive follows other text on its line.
pub fn carried_prefix(prefix: &str) -> Option<String> {
    let m = regex!(r"^([ \t>]*)((?:[-*+]|\d{1,9}[.)])[ \t]+)?([ \t>]*)$").captures(prefix)?;
    let marker = m.get(2).map_or(0, |g| g.as_str().chars().count());
    Some(format!("{}{}{}", &m[1], " ".repeat(marker), &m[3]))
}

/// `text` with `prefix` before every line but the first (a blank line gets
/// the prefix without its trailing spaces).
pub fn carry_lines(text: &str, prefix: Option<&str>) -> String {
    let Some(prefix) = prefix.filter(|p| !p.is_empty()) else { return text.to_owned() };
    let mut lines = text.split('\n');
    let first = lines.next().unwrap_or_default().to_owned();
    lines.fold(first, |out, line| {
        let prefix = if line.is_empty() { prefix.trim_end() } else { prefix };
        out + "\n" + prefix + line
    })
}

/// The inverse for a block's code: each line without the fence's prefix, as
/// Markdown reads the code of a block inside a list item or a blockquote.
fn strip_prefix_lines(code: &str, prefix: &str) -> String {
    let lines: Vec<&str> =
        code.split('\n').map(|l| l.strip_prefix(prefix).or_else(|| l.strip_prefix(prefix.trim_end())).unwrap_or(l)).collect();
    lines.join("\n")
}

/// What example NAME shows (examples/NAME.rs or
/// examples/does_not_compile/NAME.rs), from its first `//!` sentence (which
/// may go on over several `//!` lines), without "The mistake: " and the
/// final period.
pub fn describe(root: &Path, name: &str) -> Result<String, Error> {
    let rel = find_example(root, name).or_else(|e| err(&Program::Compiles.path(name), 0, e))?.path;
    let text = crate::read_file(root, &rel)?;
    // The `//!` lines of text after any `Wasmtime:`, `Kind:` or blank ones,
    // up to the next of those or the first line that ends the sentence.
    let is_text = |doc: &&str| !(doc.starts_with("Wasmtime:") || doc.starts_with("Kind:") || doc.is_empty());
    let docs = text.lines().map_while(|line| line.strip_prefix("//!")).map(str::trim);
    let lines: Vec<&str> = docs.skip_while(|doc| !is_text(doc)).take_while(is_text).collect();
    let end = lines.iter().position(|doc| doc.ends_with('.')).map_or(lines.len(), |i| i + 1);
    let sentence = lines[..end].join(" ");
    if sentence.is_empty() {
        return err(&rel, 1, "an example starts with a `//!` line saying what it shows");
    }
    let sentence = sentence.strip_prefix("The mistake: ").unwrap_or(&sentence);
    let sentence = sentence.strip_suffix('.').unwrap_or(sentence);
    let mut chars = sentence.chars();
    let first = chars.next().map(|c| c.to_uppercase().collect::<String>()).unwrap_or_default();
    Ok(format!("{first}{}", chars.as_str()))
}

/// How much of a fenced block (`block`, from its opening fence to its
/// end) is the fence line and the code: all but the closing fence, which is
/// its last line when the block is closed. A block left open (by the end of
/// the page, or of the blockquote or list item around it) has none.
fn body_len(block: &str) -> usize {
    fn fence(line: &str) -> &str {
        line.trim_start_matches(|c: char| c.is_whitespace() || c == '>')
    }
    let text = block.trim_end();
    let opening = fence(block.lines().next().unwrap_or(""));
    let mark = opening.chars().next().unwrap_or('`');
    let width = opening.chars().take_while(|&c| c == mark).count();
    let Some(last) = text.rfind('\n') else { return text.len() };
    let closing = fence(&text[last + 1..]);
    if closing.len() >= width && closing.chars().all(|c| c == mark) {
        last
    } else {
        text.len()
    }
}

/// Splits a fence's info string into language, versions and whether the
/// block is only compiled (`no_run`), refusing anything it does not know.
/// The versions are `None` when the block names none.
pub fn parse_info(page: &Path, line: usize, info: &str) -> Result<(String, Option<Vec<&'static str>>, bool), Error> {
    let mut tokens = info.split(',').map(str::trim).filter(|t| !t.is_empty());
    let lang = tokens.next().unwrap_or("");
    if !LANGS.contains(&lang) {
        return err(page, line, format!("code block language `{lang}` is not one of {}", LANGS.join(", ")));
    }
    let mut chosen: Option<Vec<&'static str>> = None;
    let mut no_run = false;
    for token in tokens {
        if let Some(range) = version_range(token) {
            chosen.get_or_insert_with(Vec::new).extend(range.or_else(|e| err(page, line, e))?);
            continue;
        }
        match token {
            "no_run" if lang == "rust" => no_run = true,
            "should_panic" | "ignore" | "compile_fail" => {
                return err(
                    page,
                    line,
                    format!(
                        "`{token}` is not allowed: a block that must fail belongs in examples/, \
                     with its output shown by {{{{#capture NAME}}}}, where its compile and exact message are checked"
                    ),
                )
            }
            _ => {
                return err(
                    page,
                    line,
                    format!("unknown code block token `{token}`: use a version (v36, v42-48), or no_run on rust blocks"),
                )
            }
        }
    }
    if let Some(chosen) = &mut chosen {
        // One pinned version per major: sorted, the same versions are adjacent.
        chosen.sort_by_key(|v| major(v));
        chosen.dedup();
    }
    Ok((lang.to_owned(), chosen, no_run))
}

/// `Some(NAME)` when a block's body is an example's program: a whole-file
/// include of examples/NAME.rs, or a `rustdoc_include` excerpt (the rest of
/// the program is there, hidden); for examples/does_not_compile/NAME.rs any
/// include of it, whole or an excerpt (the block is not compiled, the
/// program is). With the name, the file the block shows: examples/NAME.rs,
/// examples/older/NAME.rs (that example's older form) or
/// examples/does_not_compile/NAME.rs.
fn block_example((path, anchor, outside): &(String, Option<String>, Outside)) -> Option<(String, std::path::PathBuf)> {
    let file = path.strip_prefix("../examples/")?.strip_suffix(".rs")?;
    let name = match file.strip_prefix("does_not_compile/") {
        Some(name) => name,
        None if anchor.is_some() && *outside == Outside::Dropped => return None,
        None => file.strip_prefix("older/").unwrap_or(file),
    };
    regex!(r"^\w+$").is_match(name).then(|| (name.to_owned(), Path::new(&path[3..]).to_owned()))
}

/// Whether a block at `offset` is among a symptom page's programs to copy
/// rather than its answer: anywhere after a `## Reproduce` heading (the rest
/// of the page), or in a `### Reproduce` section of a page of several
/// cases. Such whole programs are folded.
fn below_the_answer(headings: &[(usize, usize, String)], offset: usize) -> bool {
    let above: Vec<_> = headings.iter().take_while(|(at, ..)| *at < offset).collect();
    above.iter().any(|(_, level, title)| *level == 2 && title == "Reproduce")
        || above.last().is_some_and(|(_, _, title)| title == "Reproduce")
}

/// The include a block's body is, when it is one and nothing else: its
/// path, anchor and what it does outside the anchor.
fn sole_include(body: &str) -> Option<(String, Option<String>, Outside)> {
    let body = body.trim();
    match find_directives(body).as_slice() {
        [(range, _, Ok(Directive::Include { path, anchor, outside }))] if range.len() == body.len() => {
            Some((path.clone(), anchor.clone(), *outside))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn directives_parse_into_their_kind() {
        let d = |s: &str| find_directives(s).into_iter().map(|(_, _, d)| d).collect::<Vec<_>>();
        assert_eq!(
            d("{{#include ../examples/a.rs:main}}"),
            [Ok(Directive::Include { path: "../examples/a.rs".into(), anchor: Some("main".into()), outside: Outside::Dropped })]
        );
        assert_eq!(
            d("{{#rustdoc_include ../x.rs}}"),
            [Ok(Directive::Include { path: "../x.rs".into(), anchor: None, outside: Outside::Hidden })]
        );
        assert_eq!(d("a {{#capture n}} b {{#applies_to m}}"), [Ok(Directive::Capture("n".into())), Ok(Directive::AppliesTo("m".into()))]);
        assert_eq!(d("{{#outcomes n}}"), [Ok(Directive::Outcomes("n".into()))]);
        assert_eq!(d("{{#outcome_table n}}"), [Ok(Directive::OutcomeTable("n".into()))]);
        assert_eq!(d("{{#outcome_matrix a b}}"), [Ok(Directive::OutcomeMatrix(vec!["a".into(), "b".into()]))]);
        assert_eq!(d("{{#message_index}}{{#message_table}}"), [Ok(Directive::MessageIndex), Ok(Directive::MessageTable)]);
        assert_eq!(d("{{#pinned_versions}}"), [Ok(Directive::PinnedVersions)]);
        assert_eq!(d("{{#pinned_versions 41}}"), [Err("`{{#pinned_versions}}` takes no arguments".to_owned())]);
        assert_eq!(d(r"\{{#capture n}}"), [], "escaped, left to mdBook");
    }

    #[test]
    fn the_prefix_carried_to_further_lines() {
        assert_eq!(carried_prefix("  ").as_deref(), Some("  "));
        assert_eq!(carried_prefix("> ").as_deref(), Some("> "));
        assert_eq!(carried_prefix("- ").as_deref(), Some("  "));
        assert_eq!(carried_prefix("> 1. ").as_deref(), Some(">    "));
        assert_eq!(carried_prefix("").as_deref(), Some(""));
        assert_eq!(carried_prefix("It does "), None);
    }

    #[test]
    fn further_lines_get_the_prefix() {
        // Defect A: the second line lost its indentation before the fix.
        assert_eq!(carry_lines("- a\n- b", Some("  ")), "- a\n  - b");
        assert_eq!(carry_lines("a\n\nb", Some("> ")), "a\n>\n> b");
        assert_eq!(carry_lines("a\nb", None), "a\nb");
        assert_eq!(strip_prefix_lines("x\n  y\n\n  z", "  "), "x\ny\n\nz");
    }

    /// The example a block's body shows, as `read` finds it.
    fn block_example(body: &str) -> Option<(String, std::path::PathBuf)> {
        super::block_example(sole_include(body).as_ref()?)
    }

    #[test]
    fn which_blocks_are_examples() {
        assert_eq!(block_example("{{#include ../examples/a.rs}}\n").map(|e| e.0).as_deref(), Some("a"));
        assert_eq!(block_example("{{#include ../examples/older/a.rs}}\n"), Some(("a".into(), "examples/older/a.rs".into())));
        assert_eq!(block_example("  {{#rustdoc_include ../examples/a.rs:host}}").map(|e| e.0).as_deref(), Some("a"));
        assert_eq!(block_example("{{#include ../examples/a.rs:host}}"), None, "an excerpt, without the rest");
        assert_eq!(block_example("{{#include ../examples/a.rs}}\nfn more() {}"), None);
        assert_eq!(block_example("{{#include ../Cargo.toml}}"), None);
    }

    #[test]
    fn any_include_of_a_program_that_must_not_compile_is_that_example() {
        assert_eq!(block_example("{{#include ../examples/does_not_compile/b.rs}}").map(|e| e.0).as_deref(), Some("b"));
        assert_eq!(block_example("{{#rustdoc_include ../examples/does_not_compile/b.rs:mistake}}").map(|e| e.0).as_deref(), Some("b"));
        assert_eq!(
            block_example("{{#include ../examples/does_not_compile/b.rs:mistake}}").map(|e| e.0).as_deref(),
            Some("b"),
            "not compiled as a block"
        );
        assert_eq!(block_example("{{#include ../examples/does_not_compile/b.rs}}\nfn more() {}"), None);
        assert_eq!(block_example("{{#include ../examples/other/b.rs}}"), None);
    }

    #[test]
    fn a_program_that_must_not_compile_is_described_from_its_file() {
        let root =
            repo("describe", &[("examples/does_not_compile/r.rs", b"//! The mistake: a `String`\n//! for an `i32`.\nfn main() {}\n")]);
        let described = describe(&root, "r");
        let missing = describe(&root, "gone").unwrap_err().to_string();
        fs::remove_dir_all(&root).ok();
        assert_eq!(described.unwrap(), "A `String` for an `i32`");
        assert!(missing.contains("there is no examples/gone.rs or examples/does_not_compile/gone.rs"), "{missing}");
    }

    #[test]
    fn info_strings() {
        let page = Path::new("src/p.md");
        let all = versions();
        let (lang, chosen, no_run) = parse_info(page, 1, "rust,no_run").unwrap();
        assert_eq!((lang.as_str(), chosen, no_run), ("rust", None, true));
        let token = format!("v{}", major(all[0]));
        assert_eq!(parse_info(page, 1, &format!("rust, {token}")).unwrap().1, Some(vec![all[0]]));
        let e = parse_info(page, 7, "rust,should_panic").unwrap_err().to_string();
        assert!(e.starts_with("src/p.md:7: `should_panic` is not allowed"), "{e}");
        assert!(parse_info(page, 1, "python").is_err());
        assert!(parse_info(page, 1, "text,no_run").is_err());
    }

    fn reader<'a>(text: &'a str, captures: &'a Captures, mode: Mode<'a>) -> Reader<'a> {
        let (root, page) = (Path::new("/nonexistent"), Path::new("src/p.md"));
        Reader { root, page, captures, mode, text, shown: Vec::new(), tables: Vec::new(), rows: Vec::new() }
    }

    /// What the book knows, with an index of two lines in each form.
    fn rendering() -> Rendering {
        Rendering { index: Index { sections: "S1\nS2".into(), table: "| a |\n| b |".into() }, ..Rendering::default() }
    }

    /// The error reading `text` as src/p.md of the repository at `root` gives.
    fn read_error(root: &Path, text: &str) -> String {
        let page = read_page(root, Path::new("src/p.md"), text.to_owned(), &Captures::default(), Mode::Check);
        page.map(|_| ()).unwrap_err().to_string()
    }

    /// A throwaway repository with the given files.
    fn repo(test: &str, files: &[(&str, &[u8])]) -> std::path::PathBuf {
        let root = crate::tests::test_repo(&format!("page-{test}"), files);
        fs::create_dir_all(root.join("src")).unwrap();
        root
    }

    #[test]
    fn the_line_of_an_offset_and_the_text_before_it_on_its_line() {
        let captures = Captures::default();
        let r = reader("a\nbc\n\n  - {{#x}}", &captures, Mode::Check);
        assert_eq!([0, 2, 4, 5, 6, r.text.len()].map(|o| crate::line_of(r.text, o)), [1, 2, 2, 3, 4, 4]);
        assert_eq!(r.line_prefix(r.text.find("{{").unwrap()), "  - ");
        assert_eq!(r.line_prefix(3), "b");
        assert_eq!(r.line_prefix(2), "", "at the start of a line");
        assert_eq!(r.line_prefix(0), "");
    }

    #[test]
    fn directives_expand_in_place_and_carry_the_prefix_of_their_line() {
        let text = "Before\n\n> {{#message_table}}\n\n- {{#message_table}}\n\nAfter {{#message_index}}.\n";
        let (captures, rendering) = (Captures::default(), rendering());
        let rendered = reader(text, &captures, Mode::Render(&rendering)).expand(0..text.len(), Place::Prose).unwrap();
        assert_eq!(rendered, "Before\n\n> | a |\n> | b |\n\n- | a |\n  | b |\n\nAfter S1\nS2.\n");
        let checked = reader(text, &captures, Mode::Check).expand(0..text.len(), Place::Prose).unwrap();
        assert_eq!(checked, "Before\n\n> \n\n- \n\nAfter .\n", "what needs the whole book renders as nothing");
        assert_eq!(reader(text, &captures, Mode::Check).expand(2..6, Place::Prose).unwrap(), "fore", "only the range");
    }

    #[test]
    fn a_bad_directive_names_its_page_and_line() {
        let text = "# T\n\nSee {{#nope}}.\n";
        let captures = Captures::default();
        let e = reader(text, &captures, Mode::Check).expand(5..text.len(), Place::Prose).unwrap_err().to_string();
        assert_eq!(e, format!("src/p.md:3: unknown directive `{{{{#nope}}}}`: use one of {NAMES}"));
    }

    #[test]
    fn the_message_index_and_table_render_only_for_the_book() {
        let (captures, rendering) = (Captures::default(), rendering());
        let mut r = reader("", &captures, Mode::Render(&rendering));
        assert_eq!(r.render(&Directive::MessageIndex, "message_index", 1, Place::Prose).unwrap(), "S1\nS2");
        assert_eq!(r.render(&Directive::MessageTable, "message_table", 1, Place::Prose).unwrap(), "| a |\n| b |");
        let table = r.render(&Directive::PinnedVersions, "pinned_versions", 1, Place::Prose).unwrap();
        assert!(table.starts_with("| Version | Why it is pinned |\n| --- | --- |\n| "), "{table}");
        assert_eq!(table.lines().count(), 2 + versions().len(), "a row per pinned version: {table}");
        let table = r.render(&Directive::SweptReleases, "swept_releases", 1, Place::Prose).unwrap();
        assert!(table.starts_with("| Major | Releases run |\n| --- | --- |\n| "), "{table}");
        let mut r = reader("", &captures, Mode::Check);
        assert_eq!(r.render(&Directive::PinnedVersions, "pinned_versions", 1, Place::Prose).unwrap(), "");
        assert_eq!(r.render(&Directive::SweptReleases, "swept_releases", 1, Place::Prose).unwrap(), "");
        assert_eq!(r.render(&Directive::MessageIndex, "message_index", 1, Place::Prose).unwrap(), "");
        assert_eq!(r.render(&Directive::MessageTable, "message_table", 1, Place::Prose).unwrap(), "");
    }

    #[test]
    fn a_blocks_code_ends_at_its_closing_fence_or_where_the_block_ends() {
        assert_eq!(body_len("```text\none\ntwo\n```\n"), "```text\none\ntwo".len());
        assert_eq!(body_len("````\n```\n````"), "````\n```".len(), "a shorter fence inside is code");
        assert_eq!(body_len("```text\n> one\n> ```\n"), "```text\n> one".len(), "closed inside a blockquote");
        assert_eq!(body_len("~~~\nx\n   ~~~~\n"), "~~~\nx".len());
        assert_eq!(body_len("```text\none\ntwo"), "```text\none\ntwo".len(), "left open: every line is code");
        assert_eq!(body_len("```text\none\n~~~"), "```text\none\n~~~".len(), "another fence's mark is code");
        assert_eq!(body_len("```text"), "```text".len());
    }

    #[test]
    fn a_block_left_open_keeps_its_last_line() {
        let captures = Captures::default();
        for (page, code) in
            [("# T\n\n```text\nline one\nline two", "line one\nline two"), ("> ```text\n> one\n> two\n\nafter\n", "one\ntwo")]
        {
            let (blocks, _) = reader(page, &captures, Mode::Check).read().unwrap();
            assert_eq!(blocks.iter().map(|b| b.code.as_str()).collect::<Vec<_>>(), [code], "{page:?}");
        }
    }

    #[test]
    fn only_includes_work_inside_a_code_block() {
        let captures = Captures::default();
        let mut r = reader("", &captures, Mode::Check);
        let e = r.render(&Directive::Capture("x".into()), "capture", 7, Place::Code).unwrap_err().to_string();
        assert_eq!(
            e,
            "src/p.md:7: `{{#capture}}` inside a code block: only include and rustdoc_include work there; move it out of the fence"
        );
        assert!(r.shown.is_empty(), "refused before it counts as shown");
        // As a page is read: the directive's line, in the block.
        let page = "# T\n\n```rust\n{{#outcome_matrix a b}}\n```\n";
        let e = reader(page, &captures, Mode::Check).read().unwrap_err().to_string();
        assert_eq!(
            e,
            "src/p.md:4: `{{#outcome_matrix}}` inside a code block: only include and rustdoc_include work there; move it out of the fence"
        );
    }

    #[test]
    fn every_bad_directive_says_how_to_write_it() {
        let e = |name: &str, args: &str| Directive::parse(name, args).unwrap_err();
        assert_eq!(e("capture", "a b"), "`{{#capture a b}}`: expected one example name, `{{#capture NAME}}`");
        assert_eq!(e("capture", ""), "`{{#capture}}`: expected one example name, `{{#capture NAME}}`");
        assert_eq!(e("outcomes", "a-b"), "`{{#outcomes a-b}}`: expected one example name, `{{#outcomes NAME}}`");
        assert_eq!(e("include", "a.rs b.rs"), "`{{#include}}` takes one path, `{{#include ../examples/NAME.rs[:ANCHOR]}}`");
        assert_eq!(e("rustdoc_include", ""), "`{{#rustdoc_include}}` takes one path, `{{#rustdoc_include ../examples/NAME.rs[:ANCHOR]}}`");
        assert_eq!(
            e("include", "a.rs:2:10"),
            "`{{#include a.rs:2:10}}`: `2:10` is not an anchor name (line ranges are not supported: mark the lines with ANCHOR comments)"
        );
        assert_eq!(
            e("outcome_matrix", "a b-c"),
            "`{{#outcome_matrix a b-c}}`: expected example names, `{{#outcome_matrix NAME NAME ...}}`"
        );
        assert_eq!(e("message_table", "x"), "`{{#message_table}}` takes no arguments");
        assert_eq!(
            e("captures", "n"),
            "unknown directive `{{#captures}}`: use one of include, rustdoc_include, capture, applies_to, outcomes, outcome_table, outcome_matrix, message_index, message_table, pinned_versions, swept_releases"
        );
    }

    #[test]
    fn every_bad_info_string_names_its_page_and_line() {
        let e = |info: &str| parse_info(Path::new("src/p.md"), 9, info).unwrap_err().to_string();
        assert_eq!(e("python"), "src/p.md:9: code block language `python` is not one of rust, text, console, toml, wat, sh, json");
        assert_eq!(e(""), "src/p.md:9: code block language `` is not one of rust, text, console, toml, wat, sh, json");
        assert_eq!(
            e("text,no_run"),
            "src/p.md:9: unknown code block token `no_run`: use a version (v36, v42-48), or no_run on rust blocks"
        );
        assert_eq!(
            e("rust,edition2021"),
            "src/p.md:9: unknown code block token `edition2021`: use a version (v36, v42-48), or no_run on rust blocks"
        );
        assert_eq!(
            e("rust,compile_fail"),
            "src/p.md:9: `compile_fail` is not allowed: a block that must fail belongs in examples/, with its output shown by {{#capture NAME}}, where its compile and exact message are checked"
        );
        assert_eq!(
            e("rust,v37"),
            format!("src/p.md:9: `v37` names Wasmtime 37, which is not in the pinned matrix ({})", versions().join(", "))
        );
    }

    #[test]
    fn a_page_that_cannot_be_read_is_named_without_a_line() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/book");
        let e = crate::read_file(&root, Path::new("src/missing.md")).unwrap_err().to_string();
        assert!(e.starts_with("src/missing.md: cannot read: "), "{e}");
    }

    #[test]
    fn a_blocks_versions_must_be_among_its_examples() {
        let (oldest, newest) = (versions()[0], *versions().last().unwrap());
        let example = format!("//! A program.\n//! Wasmtime: v{}\nfn main() {{}}\n", major(newest));
        let page = format!("# T\n\n```rust,v{}\n{{{{#include ../examples/new.rs}}}}\n```\n", major(oldest));
        let root = repo("versions", &[("examples/new.rs", example.as_bytes())]);
        let e = read_error(&root, &page);
        fs::remove_dir_all(&root).ok();
        assert_eq!(
            e,
            format!(
                "src/p.md:3: examples/new.rs does not run on Wasmtime {oldest} (its `//! Wasmtime:` line): drop {oldest} from the block's version token"
            )
        );
    }

    #[test]
    fn whole_programs_from_reproduce_on_are_folded_with_their_label() {
        let program: &[u8] = b"//! The fix.\nfn main() {}\n// ANCHOR: a\nfn a() {}\n// ANCHOR_END: a\n";
        let root = repo("fold", &[("examples/fix.rs", program)]);
        let whole = "```rust\n{{#include ../examples/fix.rs}}\n```\n";
        let excerpt = "```rust\n{{#rustdoc_include ../examples/fix.rs:a}}\n```\n";
        let listed = whole.lines().map(|l| format!("  {l}\n")).collect::<String>();
        let page = format!(
            "# T\n\n## Case\n\n### Fix\n\n{whole}\n### Reproduce\n\n{whole}\n## Teaching\n\n{whole}\n\
             ## Fix\n\n{whole}\n## Reproduce\n\n{excerpt}\n{whole}\n- In a list:\n\n{listed}\n## The fix, whole\n\n{whole}"
        );
        let read = read_page(&root, Path::new("src/p.md"), page, &Captures::default(), Mode::Check).unwrap();
        fs::remove_dir_all(&root).ok();
        let r = &read.rendered;
        // The whole programs of `### Reproduce` and from `## Reproduce` on,
        // but not one in a list: three of the eight.
        assert_eq!(r.matches("<details").count(), 3, "{r}");
        let first = r.find("<details").unwrap();
        assert!(r.find("### Reproduce").unwrap() < first && first < r.find("## Teaching").unwrap(), "{r}");
        let folded = &r[r.find("<details").unwrap()..r.find("</details>").unwrap()];
        assert!(folded.starts_with("<details class=\"wt-whole\"><summary>The whole program: <code>examples/fix.rs</code></summary>\n\n<p class=\"wt-versions\""), "{folded}");
        assert!(folded.contains("fn main() {}") && folded.trim_end().ends_with("```"), "{folded}");
        let second = first + 1 + r[first + 1..].find("<details").unwrap();
        assert!(r.find("\n## Reproduce").unwrap() < second, "{r}");
    }

    #[test]
    fn a_demonstration_is_labeled_as_one_and_a_fix_as_tested() {
        let demo: &[u8] = b"//! The stall, measured.\n//! Kind: demonstration\nfn main() {}\n";
        let fix: &[u8] = b"//! The fix.\nfn main() {}\n";
        let root = repo("demonstration", &[("examples/demo.rs", demo), ("examples/fix.rs", fix)]);
        let page = "# T\n\n```rust\n{{#include ../examples/demo.rs}}\n```\n\n```rust\n{{#include ../examples/fix.rs}}\n```\n";
        let read = read_page(&root, Path::new("src/p.md"), page.to_owned(), &Captures::default(), Mode::Check).unwrap();
        let described = describe(&root, "demo").unwrap();
        fs::remove_dir_all(&root).ok();
        let labels: Vec<&str> = read.rendered.lines().filter(|l| l.starts_with("<p class=")).collect();
        assert_eq!(labels.len(), 2, "{}", read.rendered);
        assert!(labels[0].contains("data-outcome=\"demonstration\">Demonstration, not a fix: runs to the end on"), "{}", labels[0]);
        assert!(labels[1].contains(">Tested on every pinned Wasmtime"), "{}", labels[1]);
        assert_eq!(described, "The stall, measured", "the kind is no part of the description");
    }

    #[test]
    fn an_example_in_both_directories_is_refused_at_its_block() {
        let program: &[u8] = b"//! A program.\nfn main() {}\n";
        let page = "# T\n\n- A list:\n\n  ```rust\n  {{#include ../examples/two.rs}}\n  ```\n";
        let root = repo("both", &[("examples/two.rs", program), ("examples/does_not_compile/two.rs", program)]);
        let e = read_error(&root, page);
        fs::remove_dir_all(&root).ok();
        assert_eq!(
            e,
            "src/p.md:5: both examples/two.rs and examples/does_not_compile/two.rs exist, and they would share captures/two/: rename one"
        );
    }

    #[test]
    fn an_example_without_a_first_sentence_cannot_be_described() {
        let root = repo(
            "undescribed",
            &[
                ("examples/bare.rs", b"fn main() {}\n"),
                ("examples/versions_only.rs", b"//! Wasmtime: v48\n//!\nfn main() {}\n"),
                ("examples/binary.rs", b"//! A program \xff.\n"),
            ],
        );
        let [bare, versions_only, binary] = ["bare", "versions_only", "binary"].map(|n| describe(&root, n).unwrap_err().to_string());
        fs::remove_dir_all(&root).ok();
        assert_eq!(bare, "examples/bare.rs:1: an example starts with a `//!` line saying what it shows");
        assert_eq!(versions_only, "examples/versions_only.rs:1: an example starts with a `//!` line saying what it shows");
        assert!(binary.starts_with("examples/binary.rs: cannot read: "), "{binary}");
    }
}
