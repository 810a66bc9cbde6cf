//! Every example's capture on each pinned version (captures/NAME/VERSION.txt),
//! or what the compiler said about a program that must not compile, what
//! that outcome is called, and how a page shows it.

use crate::examples::{find_example, Program};
use crate::outcome::{Capture, Kind, Message, Outcome};
use crate::sweep::{Row, Sweep};
use crate::versions::{example_versions, list, release_ranges, releases, versions};
use crate::{err, Error};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

// How a page shows an outcome (the model is outcome.rs).
impl Kind {
    /// In a table cell of the message index: "panic", "`Err`", "compile error".
    pub fn cell(self) -> &'static str {
        match self {
            Kind::Panic => "panic",
            Kind::Err => "`Err`",
            Kind::CompileError => "compile error",
        }
    }

    /// Before "on Wasmtime ..." in the message index: "A panic".
    pub fn article(self) -> &'static str {
        match self {
            Kind::Panic => "A panic",
            Kind::Err => "An `Err`",
            Kind::CompileError => "A compile error",
        }
    }
}

impl Outcome {
    /// What the program does, after "the program": "panics". Every clause
    /// is a verb phrase whose subject is the program (not a call or a
    /// store), so a page gives `{{#outcomes}}` a program as its subject
    /// (the subject rule in claims.rs).
    pub fn clause(self) -> String {
        match self {
            Outcome::Runs => "runs to the end".into(),
            Outcome::ReturnsErr => "returns `Err` from `main`".into(),
            Outcome::NotBuilt => "is not built (the API is newer)".into(),
            // "panics", "exits with status 3", "does not compile"
            _ => self.word(),
        }
    }

    /// A table cell: "panics", "`Err`", "runs", "not built", "does not compile".
    pub fn cell(self) -> String {
        match self {
            Outcome::ReturnsErr => "`Err`".into(),
            Outcome::Fails(status) => format!("exit {status}"),
            // "runs", "panics", "not built", "does not compile"
            _ => self.word(),
        }
    }

    /// "panics on 36–41", a part of `{{#outcomes NAME}}` (`ranges` is what
    /// [`release_ranges`] says) or of a mistake label ("panics on 36.0.20
    /// and 41.0.4").
    pub fn on_releases(self, ranges: &str) -> String {
        match self {
            Outcome::NotBuilt => format!("is not built on {ranges}"),
            _ => format!("{} on {ranges}", self.clause()),
        }
    }
}

/// Every capture under `captures/`, by example and version.
#[derive(Default)]
pub struct Captures {
    /// By example, then version.
    pub by_example: BTreeMap<String, BTreeMap<String, Capture>>,
    /// What kind of program each example is, found where its file is
    /// ([`find_example`]); an example not listed compiles.
    pub programs: BTreeMap<String, Program>,
    /// What each example did on every major (sweep/), which the outcome
    /// directives and the message index show as ranges of majors.
    pub sweep: Sweep,
}

impl Captures {
    pub fn load(root: &Path) -> Result<Captures, Error> {
        let mut all = Captures { sweep: Sweep::load(root)?, ..Captures::default() };
        let dir = root.join("captures");
        let Ok(entries) = fs::read_dir(&dir) else { return Ok(all) };
        for example in entries.flatten() {
            let name = example.file_name().to_string_lossy().into_owned();
            // Captures without their example (or with two) are reported by
            // the directives that name them, with the page and line.
            if let Ok(found) = find_example(root, &name) {
                all.programs.insert(name.clone(), found.program);
            }
            for file in fs::read_dir(example.path()).into_iter().flatten().flatten() {
                let path = file.path();
                let rel = PathBuf::from("captures").join(&name).join(file.file_name());
                let Some(version) = path.file_name().unwrap().to_str().unwrap().strip_suffix(".txt") else {
                    return err(&rel, 0, "a capture file must be named VERSION.txt");
                };
                if !versions().contains(&version) {
                    return err(&rel, 0, format!("{version} is not in the pinned matrix ({})", versions().join(", ")));
                }
                let capture = Capture::parse(&crate::read_file(root, &rel)?).ok_or_else(|| Error {
                    file: rel,
                    line: 1,
                    msg: "first line must be `exit status: N`: run `ci/bless` to write it again".into(),
                })?;
                all.by_example.entry(name.clone()).or_default().insert(version.to_owned(), capture);
            }
        }
        Ok(all)
    }

    /// The sweep is complete and agrees with the captures ([`Sweep::check`]).
    pub fn check_sweep(&self, root: &Path) -> Result<(), Error> {
        let mut examples = crate::sweep::Examples::new();
        for e in crate::examples::all_examples(root) {
            let captures = self.by_example.get(&e.name).cloned().unwrap_or_default();
            let applies_to = crate::versions::example_majors(root, &e.name)?;
            let mut sources = BTreeMap::new();
            for version in releases() {
                let form = crate::versions::form_for(root, &e.name, version)?;
                let text = crate::read_file(root, &form)?;
                sources.insert(version, crate::sweep::source_hash(&text));
            }
            examples.insert(e.name, crate::sweep::Example { program: e.program, captures, applies_to, sources });
        }
        self.sweep.check(&examples)
    }

    pub fn get(&self, example: &str, version: &str) -> Option<&Capture> {
        self.by_example.get(example)?.get(version)
    }

    /// Whether `example` is run, or must not compile.
    pub fn program(&self, example: &str) -> Program {
        self.programs.get(example).copied().unwrap_or(Program::Compiles)
    }

    /// The message `example` ended with on `version`: its panic, its `Err`,
    /// or the compiler's error.
    pub fn message(&self, example: &str, version: &str) -> Option<Message> {
        self.get(example, version)?.message(self.program(example))
    }

    /// Versions grouped by what a reader sees: the same exit status and the
    /// same output but for where a panic happened. Oldest group first; each
    /// group's capture is its newest version's.
    pub fn groups(&self, example: &str) -> Vec<(Vec<&'static str>, &Capture)> {
        let captured = versions().into_iter().filter_map(|v| Some((v, self.get(example, v)?)));
        let groups = group_by(captured, |c| (c.status, c.without_location()));
        groups.into_iter().map(|(vs, _)| (vs.clone(), self.get(example, vs[vs.len() - 1]).unwrap())).collect()
    }

    /// The checks every directive about an example makes: its file exists
    /// (examples/NAME.rs or examples/does_not_compile/NAME.rs, not both),
    /// and, when `every_capture` (the book build, not the tests run before
    /// `ci/bless` has written captures for a new example), it has a capture
    /// on each of its versions.
    pub fn check(&self, root: &Path, page: &Path, line: usize, directive: &str, name: &str, every_capture: bool) -> Result<(), Error> {
        find_example(root, name).or_else(|e| err(page, line, format!("{{{{#{directive} {name}}}}}: {e}")))?;
        if !every_capture {
            return Ok(());
        }
        let missing: Vec<_> = example_versions(root, name)?.into_iter().filter(|v| self.get(name, v).is_none()).collect();
        if !missing.is_empty() {
            return err(page, line, format!("{{{{#{directive} {name}}}}}: no capture for Wasmtime {}: run `ci/bless`", missing.join(", ")));
        }
        Ok(())
    }

    /// The rows of example NAME by release, oldest first: the sweep's, or,
    /// for an example the sweep has not run yet, its captures' at the pinned
    /// versions (the book build refuses an incomplete sweep, so pages never
    /// show these).
    fn rows(&self, name: &str, runs_on: &[&str]) -> Vec<(&'static str, Row)> {
        let swept: Vec<(&'static str, Row)> =
            releases().into_iter().filter_map(|v| self.sweep.row(v, name).map(|r| (v, r.clone()))).collect();
        if !swept.is_empty() {
            return swept;
        }
        // Not built outside `runs_on`; a version without its capture is left out.
        let captured =
            |v| if !runs_on.contains(&v) { Some(Row::NOT_BUILT) } else { self.get(name, v).map(|c| Row::of(c, self.program(name))) };
        versions().into_iter().filter_map(|v| Some((v, captured(v)?))).collect()
    }

    /// Releases grouped by `key` of their row, in the order of each group's
    /// oldest release.
    fn grouped<K: PartialEq>(&self, name: &str, runs_on: &[&str], key: impl Fn(&Row) -> K) -> Vec<(Vec<&'static str>, Row)> {
        group_by(self.rows(name, runs_on), key)
    }

    /// `{{#applies_to NAME}}`: one line per group of majors with the same
    /// outcome of examples/NAME.rs, from the sweep.
    pub fn applies_to(&self, name: &str, runs_on: &[&str]) -> String {
        self.grouped(name, runs_on, |r| r.outcome)
            .iter()
            .map(|(ms, row)| format!("- **Wasmtime {}**: the program {}.", release_ranges(ms), row.outcome.clause()))
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// `{{#outcomes NAME}}`: the same on one line, for a table cell:
    /// "panics on 36–41; returns `Err` from `main` on 42–48".
    pub fn outcomes_line(&self, name: &str, runs_on: &[&str]) -> String {
        let parts: Vec<String> =
            self.grouped(name, runs_on, |r| r.outcome).iter().map(|(ms, row)| row.outcome.on_releases(&release_ranges(ms))).collect();
        parts.join("; ")
    }

    /// The outcomes on `versions` only, on one line: "panics on 36.0.20;
    /// returns `Err` from `main` on 48.0.8". Versions without a capture are left out.
    pub fn outcomes_on(&self, name: &str, versions: &[&'static str]) -> String {
        let captured = versions.iter().filter_map(|v| Some((*v, self.get(name, v)?.outcome(self.program(name)))));
        group_by(captured, |o| *o).into_iter().map(|(vs, outcome)| outcome.on_releases(&list(&vs))).collect::<Vec<_>>().join("; ")
    }

    /// `{{#outcome_table NAME}}`: for the top of a symptom page, a row per
    /// group of majors with the same outcome and message, from the sweep.
    pub fn outcome_table(&self, name: &str, runs_on: &[&str]) -> String {
        let mut out = String::from("| Wasmtime | What happens |\n| --- | --- |\n");
        for (ms, row) in self.grouped(name, runs_on, |r| r.clone()) {
            let cell = match (row.outcome, &row.message) {
                (Outcome::Panics | Outcome::ReturnsErr | Outcome::DoesNotCompile, Some(m)) => {
                    format!("{}: {}", row.outcome.clause(), cell_code_span(m))
                }
                (Outcome::NotBuilt, _) => "not built (see the program's `//! Wasmtime:` line)".into(),
                (outcome, _) => outcome.clause(),
            };
            out.push_str(&format!("| {} | {cell} |\n", release_ranges(&ms)));
        }
        out.trim_end().to_owned()
    }

    /// `{{#outcome_matrix NAME ...}}`: a row per example (what it shows,
    /// linked to the page with its capture) with its outcomes by major.
    /// `rows`: (name, what it shows, the versions it runs on).
    pub fn outcome_matrix(&self, rows: &[(&str, String, Vec<&str>)], pages: &BTreeMap<String, String>) -> String {
        let mut out = String::from("| Program | What it does, by Wasmtime release |\n| --- | --- |\n");
        for (name, what, runs_on) in rows {
            let what = what.replace('|', "\\|");
            let what = match pages.get(*name) {
                Some(link) => format!("[{what}]({link})"),
                None => what,
            };
            let cells: Vec<String> = self
                .grouped(name, runs_on, |r| r.outcome)
                .iter()
                .map(|(ms, row)| format!("{} {}", row.outcome.cell(), release_ranges(ms)))
                .collect();
            out.push_str(&format!("| {what} | {} |\n", cells.join(" · ")));
        }
        out.trim_end().to_owned()
    }

    /// `{{#capture NAME}}`: the output of examples/NAME.rs on each version,
    /// or what the compiler said about examples/does_not_compile/NAME.rs.
    pub fn console(&self, name: &str) -> String {
        let program = self.program(name);
        let (command, how) = match program {
            Program::Compiles => (format!("cargo run --example {name}"), String::new()),
            // tests/guide/captures.rs runs rustc with the examples' dependencies
            // (the `…`) and keeps the error, note and help lines.
            Program::DoesNotCompile => {
                (format!("rustc {} …", program.path(name).display()), "; rustc's error, note and help lines".to_owned())
            }
        };
        let mut out = String::new();
        for (versions, capture) in self.groups(name) {
            let mut locations: Vec<&str> = versions.iter().filter_map(|v| self.get(name, v)?.panic_location()).collect();
            crate::drop_repeats(&mut locations);
            // One location is in the output shown; several are listed.
            let at = if locations.len() > 1 { format!(", at {}", list(&locations)) } else { String::new() };
            out.push_str(&format!(
                "<p class=\"wt-versions\" data-versions=\"{}\">Wasmtime {}: {} (exit status {}{how}){at}</p>\n\n",
                versions.join(" "),
                list(&versions),
                code_spans(&capture.outcome(program).clause()),
                capture.status
            ));
            out.push_str(&format!("```console\n$ {command}\n{}```\n\n", capture.output));
        }
        out.trim_end().to_owned()
    }
}

/// The releases of `items` grouped by `key` of their value, in the order of
/// each group's oldest release; each group keeps its oldest value.
fn group_by<T, K: PartialEq>(items: impl IntoIterator<Item = (&'static str, T)>, key: impl Fn(&T) -> K) -> Vec<(Vec<&'static str>, T)> {
    let mut groups: Vec<(Vec<&'static str>, T)> = Vec::new();
    for (release, value) in items {
        match groups.iter_mut().find(|(_, v)| key(v) == key(&value)) {
            Some((releases, _)) => releases.push(release),
            None => groups.push((vec![release], value)),
        }
    }
    groups
}

/// `text` as a Markdown code span for a table cell: fenced with more
/// backticks than it holds, and `|` escaped as GFM tables require (the
/// rendered page reads the same as with an HTML `<code>`, and the Markdown
/// handed to mdBook stays readable).
pub fn cell_code_span(text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') { " " } else { "" };
    format!("{fence}{pad}{}{pad}{fence}", text.replace('|', "\\|"))
}

/// Markdown is not read inside an HTML block: a code span becomes a
/// `<code>` element.
pub fn code_spans(text: &str) -> String {
    regex!("`([^`]*)`").replace_all(text, "<code>$1</code>").into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::outcome::tests::{capture, PANIC_36};
    use crate::versions::major;

    /// Every kind of outcome, for the tests that read them as English.
    const EVERY_OUTCOME: [Outcome; 6] =
        [Outcome::Runs, Outcome::Panics, Outcome::ReturnsErr, Outcome::Fails(3), Outcome::NotBuilt, Outcome::DoesNotCompile];

    /// The verbs a clause may start with: each clause's subject is the program.
    fn starts_with_a_verb(clause: &str) -> bool {
        ["runs ", "panics", "returns ", "exits ", "is not built", "does not compile"].iter().any(|v| clause.starts_with(v))
    }

    #[test]
    fn outcomes_read_as_english() {
        // R1 of the 2026-12-03 audit: "That program not built on 36; runs
        // to the end on 37–48"; R2: "… `main` returns `Err` on 40–48" after
        // a subject that is a call. Every kind, after "The program", with a verb.
        for outcome in EVERY_OUTCOME {
            for part in [outcome.clause(), outcome.on_releases("36–37, 40")] {
                assert!(starts_with_a_verb(&part), "{outcome:?}: \"The program {part}\" has no verb first");
                assert!(!part.contains("`main` returns"), "{outcome:?}: \"{part}\" names `main` as a second subject");
            }
        }
        assert_eq!(Outcome::ReturnsErr.on_releases("42.0.2"), "returns `Err` from `main` on 42.0.2");
        assert_eq!(Outcome::NotBuilt.on_releases("36"), "is not built on 36");
        assert_eq!(capture(0, "").outcome(Program::Compiles), Outcome::Runs);
        assert_eq!(capture(3, "no message\n").outcome(Program::Compiles), Outcome::Fails(3));
        assert_eq!(Outcome::ReturnsErr.cell(), "`Err`");
    }

    fn two_versions(second: &str) -> (Captures, Vec<&'static str>) {
        let all = versions();
        let (a, b) = (all[0], all[1]);
        let mut captures = Captures::default();
        let by = captures.by_example.entry("x".into()).or_default();
        by.insert(a.into(), capture(101, PANIC_36));
        by.insert(b.into(), capture(101, second));
        (captures, vec![a, b])
    }

    #[test]
    fn versions_that_differ_only_in_the_panic_location_share_a_block() {
        let (captures, vs) = two_versions(&PANIC_36.replace("wasmtime-36.0.20", "wasmtime-41.0.4").replace(":99:9", ":101:9"));
        let groups = captures.groups("x");
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].0, vs);
        assert!(groups[0].1.output.contains("wasmtime-41.0.4"), "the newest version's output");
        let shown = captures.console("x");
        assert!(shown.contains(&format!(
            "Wasmtime {} and {}: panics (exit status 101), at wasmtime-36.0.20/src/runtime/func/typed.rs:99:9 and wasmtime-41.0.4/src/runtime/func/typed.rs:101:9</p>",
            vs[0], vs[1]
        )), "{shown}");
        assert_eq!(shown.matches("```console").count(), 1);
    }

    #[test]
    fn versions_with_another_message_stay_apart() {
        let (captures, _) = two_versions(&PANIC_36.replace("must use", "you must use"));
        assert_eq!(captures.groups("x").len(), 2);
        assert_eq!(captures.console("x").matches("```console").count(), 2);
    }

    /// Example `x`: no capture on the oldest pinned version, a panic on the
    /// second, and `main` returning `err` (the capture's output) on the rest.
    fn panics_then_err(err: &str) -> Captures {
        let all = versions();
        let mut captures = Captures::default();
        let by = captures.by_example.entry("x".into()).or_default();
        by.insert(all[1].into(), capture(101, PANIC_36));
        for v in &all[2..] {
            by.insert(v.to_string(), capture(1, err));
        }
        captures
    }

    #[test]
    fn an_outcome_table_groups_by_outcome_and_message() {
        let all = versions();
        let captures = panics_then_err("Error: a | b <c>\nmore\n");
        let table = captures.outcome_table("x", &all[1..]);
        let lines: Vec<&str> = table.lines().collect();
        assert_eq!(lines[0], "| Wasmtime | What happens |");
        // Without a sweep, the pinned versions.
        assert_eq!(lines[2], format!("| {} | not built (see the program's `//! Wasmtime:` line) |", release_ranges(&all[..1])));
        assert_eq!(lines[3], format!("| {} | panics: ``must use `call_async` with async stores`` |", release_ranges(&all[1..2])));
        assert_eq!(lines[4], format!("| {} | returns `Err` from `main`: `a \\| b <c>` |", release_ranges(&all[2..])));
    }

    #[test]
    fn outcomes_are_ranges_of_majors_from_the_sweep() {
        let mut captures = Captures::default();
        let panic = Row { outcome: Outcome::Panics, message: Some("boom".into()) };
        let err = Row { outcome: Outcome::ReturnsErr, message: Some("no".into()) };
        let all = crate::versions::majors();
        let (first, sixth, seventh, last) = (major(all[0]), major(all[5]), major(all[6]), major(all.last().unwrap()));
        for v in releases() {
            let row = if major(v) <= sixth { panic.clone() } else { err.clone() };
            captures.sweep.by_version.entry(v).or_default().insert("x".into(), row);
        }
        assert_eq!(
            captures.outcomes_line("x", &versions()),
            format!("panics on {first}–{sixth}; returns `Err` from `main` on {seventh}–{last}")
        );
        assert_eq!(
            captures.applies_to("x", &versions()),
            format!("- **Wasmtime {first}–{sixth}**: the program panics.\n- **Wasmtime {seventh}–{last}**: the program returns `Err` from `main`.")
        );
        let table = captures.outcome_table("x", &versions());
        assert_eq!(table.lines().nth(2).unwrap(), format!("| {first}–{sixth} | panics: `boom` |"));
    }

    /// What tests/guide/captures.rs writes for a program that must not compile.
    const REFUSED: &str = "error: future cannot be sent between threads safely\n  --> examples/does_not_compile/x.rs:18:9\nnote: future is not `Send` as this value is used across an await\n";

    /// Example `x` in examples/does_not_compile/, captured on every version.
    fn refused() -> Captures {
        let mut captures = Captures::default();
        captures.programs.insert("x".into(), Program::DoesNotCompile);
        let by = captures.by_example.entry("x".into()).or_default();
        for v in versions() {
            by.insert(v.into(), capture(1, REFUSED));
        }
        captures
    }

    #[test]
    fn a_compile_error_is_the_first_error_line() {
        let m = capture(1, REFUSED).message(Program::DoesNotCompile).unwrap();
        assert_eq!(m, Message { kind: Kind::CompileError, text: "future cannot be sent between threads safely".into() });
        let coded = capture(1, "error[E0277]: `Rc<u8>` cannot be sent between threads safely\nerror: aborting\n");
        assert_eq!(coded.message(Program::DoesNotCompile).unwrap().text, "`Rc<u8>` cannot be sent between threads safely");
        assert_eq!(capture(1, "warning: unused\n").message(Program::DoesNotCompile), None);
        // The same output from a program that ran is no compile error.
        assert_eq!(capture(1, REFUSED).message(Program::Compiles), None);
        assert_eq!(Kind::CompileError.cell(), "compile error");
        assert_eq!(Kind::CompileError.article(), "A compile error");
    }

    #[test]
    fn a_program_that_must_not_compile_does_not_compile() {
        assert_eq!(capture(1, REFUSED).outcome(Program::DoesNotCompile), Outcome::DoesNotCompile);
        assert_eq!(capture(1, REFUSED).outcome(Program::Compiles), Outcome::Fails(1), "where the file is says which");
        assert_eq!(Outcome::DoesNotCompile.cell(), "does not compile");
        assert_eq!(Outcome::DoesNotCompile.on_releases("36–41"), "does not compile on 36–41");
        let captures = refused();
        assert_eq!(captures.program("x"), Program::DoesNotCompile);
        assert_eq!(captures.program("other"), Program::Compiles);
        assert_eq!(captures.message("x", versions()[0]).unwrap().kind, Kind::CompileError);
    }

    #[test]
    fn a_program_that_must_not_compile_in_tables_and_captures() {
        let all = versions();
        let captures = refused();
        let pinned = release_ranges(&all);
        let table = captures.outcome_table("x", &all);
        assert_eq!(
            table.lines().nth(2).unwrap(),
            format!("| {pinned} | does not compile: `future cannot be sent between threads safely` |")
        );
        let matrix = captures.outcome_matrix(&[("x", "A future".into(), all.clone())], &BTreeMap::new());
        assert_eq!(matrix.lines().nth(2).unwrap(), format!("| A future | does not compile {pinned} |"));
        let shown = captures.console("x");
        assert!(shown.starts_with(&format!(
            "<p class=\"wt-versions\" data-versions=\"{}\">Wasmtime {}: does not compile (exit status 1; rustc's error, note and help lines)</p>\n\n```console\n$ rustc examples/does_not_compile/x.rs …\nerror: future",
            all.join(" "), list(&all)
        )), "{shown}");
        assert_eq!(captures.applies_to("x", &all), format!("- **Wasmtime {pinned}**: the program does not compile."));
    }

    #[test]
    fn loading_finds_which_captures_are_the_compilers() {
        let v = versions()[0];
        let (program, capture) = (b"//! A program.\nfn main() {}\n".as_slice(), format!("exit status: 1\n{REFUSED}"));
        let (x, y) = (format!("captures/x/{v}.txt"), format!("captures/y/{v}.txt"));
        let root = repo(
            "load",
            &[("examples/does_not_compile/x.rs", program), ("examples/y.rs", program), (&x, capture.as_bytes()), (&y, capture.as_bytes())],
        );
        let captures = Captures::load(&root).unwrap();
        fs::remove_dir_all(&root).ok();
        assert_eq!(captures.program("x"), Program::DoesNotCompile);
        assert_eq!(captures.program("y"), Program::Compiles);
        assert_eq!(captures.outcomes_on("x", &[v]), format!("does not compile on {v}"));
        assert_eq!(captures.outcomes_on("y", &[v]), format!("exits with status 1 on {v}"));
    }

    #[test]
    fn each_outcome_is_a_clause_after_the_program() {
        assert_eq!(Outcome::Runs.clause(), "runs to the end");
        assert_eq!(Outcome::Panics.clause(), "panics");
        assert_eq!(Outcome::ReturnsErr.clause(), "returns `Err` from `main`");
        assert_eq!(Outcome::Fails(3).clause(), "exits with status 3");
        assert_eq!(Outcome::NotBuilt.clause(), "is not built (the API is newer)");
        assert_eq!(Outcome::DoesNotCompile.clause(), "does not compile");
    }

    #[test]
    fn an_outcome_on_releases_reads_as_ranges() {
        assert_eq!(Outcome::Panics.on_releases("36–38, 41"), "panics on 36–38, 41");
        assert_eq!(Outcome::ReturnsErr.on_releases("48.0.6–50"), "returns `Err` from `main` on 48.0.6–50");
        assert_eq!(Outcome::NotBuilt.on_releases("36–37"), "is not built on 36–37", "without the clause's reason");
    }

    #[test]
    fn majors_are_grouped_by_the_key_of_their_row_in_order_of_the_oldest() {
        let all = crate::versions::majors();
        let boom = Row { outcome: Outcome::Panics, message: Some("boom".into()) };
        let other = Row { outcome: Outcome::Panics, message: Some("other".into()) };
        let err = Row { outcome: Outcome::ReturnsErr, message: Some("no".into()) };
        let mut captures = Captures::default();
        for (v, row) in all.iter().zip([&boom, &boom, &err, &other, &boom]) {
            captures.sweep.by_version.entry(v).or_default().insert("x".into(), row.clone());
        }
        let m = &all[..5];
        assert_eq!(
            captures.grouped("x", &versions(), |r| r.outcome),
            [(vec![m[0], m[1], m[3], m[4]], boom.clone()), (vec![m[2]], err.clone())]
        );
        assert_eq!(
            captures.grouped("x", &versions(), |r| r.clone()),
            [(vec![m[0], m[1], m[4]], boom), (vec![m[2]], err), (vec![m[3]], other)]
        );
    }

    #[test]
    fn without_a_sweep_the_pinned_captures_are_grouped() {
        let all = versions();
        let captures = panics_then_err("Error: no\n");
        assert_eq!(
            captures.grouped("x", &all[1..], |r| r.outcome),
            [
                (vec![all[0]], Row::NOT_BUILT),
                (vec![all[1]], Row { outcome: Outcome::Panics, message: Some("must use `call_async` with async stores".into()) }),
                (all[2..].to_vec(), Row { outcome: Outcome::ReturnsErr, message: Some("no".into()) }),
            ]
        );
    }

    #[test]
    fn outcomes_on_some_versions_leave_out_the_others() {
        let all = versions();
        let mut captures = Captures::default();
        let by = captures.by_example.entry("x".into()).or_default();
        by.insert(all[0].into(), capture(101, PANIC_36));
        by.insert(all[1].into(), capture(101, PANIC_36));
        by.insert(all[2].into(), capture(1, "Error: no\n"));
        assert_eq!(captures.outcomes_on("x", &[all[0], all[2]]), format!("panics on {}; returns `Err` from `main` on {}", all[0], all[2]));
        assert_eq!(captures.outcomes_on("x", &all[..2]), format!("panics on {} and {}", all[0], all[1]));
        // all[3] has no capture: left out, as are the versions not asked for.
        assert_eq!(captures.outcomes_on("x", &[all[0], all[3]]), format!("panics on {}", all[0]));
        assert_eq!(captures.outcomes_on("gone", &all), "");
    }

    #[test]
    fn a_code_span_for_a_table_cell_outfences_the_backticks_inside() {
        assert_eq!(cell_code_span("boom"), "`boom`");
        assert_eq!(cell_code_span("a | b"), "`a \\| b`");
        assert_eq!(cell_code_span("must use `call_async` here"), "``must use `call_async` here``");
        assert_eq!(cell_code_span("x ``y`` z"), "```x ``y`` z```");
        assert_eq!(cell_code_span("`Rc<u8>` is not `Send`"), "`` `Rc<u8>` is not `Send` ``", "a space where it starts or ends with one");
    }

    #[test]
    fn code_spans_become_code_elements() {
        assert_eq!(code_spans("`main` returns `Err` on 42.0.2"), "<code>main</code> returns <code>Err</code> on 42.0.2");
        assert_eq!(code_spans("panics on 36.0.20"), "panics on 36.0.20");
        assert_eq!(code_spans("a `b"), "a `b", "an unpaired backtick stays");
    }

    /// A throwaway repository with the given files.
    fn repo(test: &str, files: &[(&str, &[u8])]) -> PathBuf {
        crate::tests::test_repo(&format!("captures-{test}"), files)
    }

    /// The error loading `captures/x/FILE` with `text` gives.
    fn load_error(test: &str, file: &str, text: &[u8]) -> String {
        let root = repo(test, &[("examples/x.rs", b"//! A program.\nfn main() {}\n"), (&format!("captures/x/{file}"), text)]);
        let e = Captures::load(&root).err().map(|e| e.to_string());
        fs::remove_dir_all(&root).ok();
        e.expect("an error")
    }

    #[test]
    fn a_bad_capture_file_is_named_with_what_to_do() {
        let (v, all) = (versions()[0], versions().join(", "));
        assert_eq!(load_error("name", "notes.md", b"exit status: 0\n"), "captures/x/notes.md: a capture file must be named VERSION.txt");
        assert_eq!(
            load_error("version", "1.0.0.txt", b"exit status: 0\n"),
            format!("captures/x/1.0.0.txt: 1.0.0 is not in the pinned matrix ({all})")
        );
        assert_eq!(
            load_error("status", &format!("{v}.txt"), b"status: 0\n"),
            format!("captures/x/{v}.txt:1: first line must be `exit status: N`: run `ci/bless` to write it again")
        );
        let e = load_error("binary", &format!("{v}.txt"), b"exit status: 0\n\xff\n");
        assert!(e.starts_with(&format!("captures/x/{v}.txt: cannot read: ")), "{e}");
    }

    #[test]
    fn a_directive_names_its_page_and_line_for_a_missing_example_or_capture() {
        let root = repo("check", &[("examples/x.rs", b"//! A program.\nfn main() {}\n")]);
        let all = versions();
        let mut captures = Captures::default();
        captures.by_example.entry("x".into()).or_default().insert(all[0].into(), capture(0, ""));
        let page = Path::new("src/p.md");
        let gone = captures.check(&root, page, 4, "applies_to", "gone", false).unwrap_err().to_string();
        let missing = captures.check(&root, page, 5, "capture", "x", true).unwrap_err().to_string();
        let checking = captures.check(&root, page, 5, "capture", "x", false);
        fs::remove_dir_all(&root).ok();
        assert_eq!(
            gone,
            "src/p.md:4: {{#applies_to gone}}: there is no examples/gone.rs or examples/does_not_compile/gone.rs: fix the name or add the example"
        );
        assert_eq!(missing, format!("src/p.md:5: {{{{#capture x}}}}: no capture for Wasmtime {}: run `ci/bless`", all[1..].join(", ")));
        assert!(checking.is_ok(), "only the book build needs every capture");
    }
}
