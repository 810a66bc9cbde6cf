//! What every example did on the newest release of every Wasmtime major the
//! sweep runs (sweep/VERSION.txt, one line per example, written by
//! `ci/sweep VERSION`), and the ranges of majors the pages show from it.
//!
//! A line is `NAME [SOURCE]: OUTCOME` or `NAME [SOURCE]: OUTCOME: first
//! line of the message`, where SOURCE is [`source_hash`] of the program's
//! text that version compiled (its older form where that one is for it):
//!
//! ```text
//! sync_call_on_async_store [4f1c0d2e9a7b3c65]: panics: must use `call_async` with async stores
//! async_embedding [0b9e5a1d7c3f2e48]: runs
//! store_stays_async [a1b2c3d4e5f60718]: not built
//! ```
//!
//! The source is what makes a swept major's rows trustworthy without
//! running that major again: a row whose program has changed since it was
//! recorded is refused by the book build ([`Sweep::check`]), so a program
//! edit is followed by `ci/sweep --example NAME` on every swept major. The
//! pinned versions' rows are compared with their captures instead, which
//! every test run compares with what the program prints.

use crate::examples::Program;
use crate::matrix::{major, numbers};
use crate::outcome::{Capture, Outcome};
use crate::versions::{majors, releases, versions};
use crate::{err, Error};
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// One example on one major: how it ended, and the first line of its message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub outcome: Outcome,
    pub message: Option<String>,
}

impl Row {
    /// The row a capture makes: the same reading of it as every page's.
    pub fn of(capture: &Capture, program: Program) -> Row {
        let message = capture.message(program).and_then(|m| m.text.lines().next().map(str::to_owned));
        Row { outcome: capture.outcome(program), message }
    }

    pub const NOT_BUILT: Row = Row { outcome: Outcome::NotBuilt, message: None };

    fn to_line(&self, name: &str) -> String {
        let outcome = self.outcome.word();
        match &self.message {
            Some(m) => format!("{name}: {outcome}: {m}"),
            None => format!("{name}: {outcome}"),
        }
    }

    fn parse(line: &str) -> Option<(String, Row)> {
        let (name, rest) = line.split_once(": ")?;
        // The outcome's word, then its message (no outcome's word holds ": ").
        let (word, message) = rest.split_once(": ").map_or((rest, None), |(w, m)| (w, Some(m)));
        let fixed = [Outcome::Runs, Outcome::Panics, Outcome::ReturnsErr, Outcome::NotBuilt, Outcome::DoesNotCompile];
        let outcome = match fixed.into_iter().find(|o| o.word() == word) {
            Some(o) => o,
            None => Outcome::Fails(word.strip_prefix("exits with status ")?.parse().ok()?),
        };
        Some((name.to_owned(), Row { outcome, message: message.map(str::to_owned) }))
    }
}

/// One line of a sweep file: the row, and the [`source_hash`] of the text
/// it was recorded for (`None` in a line written before lines named it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub row: Row,
    pub source: Option<String>,
}

impl Line {
    fn to_text(&self, name: &str) -> String {
        match &self.source {
            Some(source) => self.row.to_line(&format!("{name} [{source}]")),
            None => self.row.to_line(name),
        }
    }

    fn parse(text: &str) -> Option<(String, Line)> {
        let (name, row) = Row::parse(text)?;
        let (name, source) = match name.strip_suffix(']').and_then(|n| n.rsplit_once(" [")) {
            Some((name, source)) if source.len() == 16 && source.bytes().all(|b| b.is_ascii_hexdigit()) => {
                (name.to_owned(), Some(source.to_owned()))
            }
            Some(_) => return None,
            None => (name, None),
        };
        Some((name, Line { row, source }))
    }
}

/// What a sweep line records of a program's text: 64-bit FNV-1a, in hex,
/// of its lines without trailing spaces, leaving out blank lines and
/// comment lines (`//`, but not the `//!` lines, which hold the program's
/// `Wasmtime:` range). Moving an `ANCHOR` or rewording a comment on a line
/// of its own does not change what the program does, and needs no sweep;
/// any other change does. Written out here rather than taken from std's
/// hasher, whose output may change between the toolchains that build this
/// crate and the tests.
pub fn source_hash(text: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for line in text.lines().map(str::trim_end) {
        let code = line.trim_start();
        if code.is_empty() || (code.starts_with("//") && !code.starts_with("//!")) {
            continue;
        }
        for byte in line.bytes().chain([b'\n']) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

/// The file of the sweep of one version, relative to the repository.
pub fn file(version: &str) -> PathBuf {
    PathBuf::from("sweep").join(format!("{version}.txt"))
}

/// A sweep file's text: a header line, then one line per example, by name.
pub fn format(version: &str, lines: &BTreeMap<String, Line>) -> String {
    let mut out = format!(
        "# Wasmtime {version}: what each program in examples/ did, and [the source it was run from]. Written by `ci/sweep {version}`.\n"
    );
    out.extend(lines.iter().map(|(name, line)| line.to_text(name) + "\n"));
    out
}

/// Parses a sweep file's text; an error names the line.
pub fn parse(path: &Path, text: &str) -> Result<BTreeMap<String, Line>, Error> {
    let mut lines = BTreeMap::new();
    for (i, text) in text.lines().enumerate() {
        if text.starts_with('#') || text.trim().is_empty() {
            continue;
        }
        let Some((name, line)) = Line::parse(text) else {
            return err(
                path,
                i + 1,
                format!("`{text}` is not `NAME [SOURCE]: OUTCOME[: message]`: run `ci/sweep` to write the file again"),
            );
        };
        lines.insert(name, line);
    }
    Ok(lines)
}

/// What the sweep's check needs to know of one example.
#[derive(Debug, Clone)]
pub struct Example {
    pub program: Program,
    /// Its capture per pinned version.
    pub captures: BTreeMap<String, Capture>,
    /// The releases it applies to (its `//! Wasmtime:` range).
    pub applies_to: Vec<&'static str>,
    /// [`source_hash`] of the text each release of ci/wasmtime-matrix
    /// compiles (its older form where that one is for it).
    pub sources: BTreeMap<&'static str, String>,
}

/// Every example by name.
pub type Examples = BTreeMap<String, Example>;

/// What `ci/sweep` takes to run `version` again: its major, or the release
/// itself for a patch release.
pub fn sweep_arg(version: &str) -> String {
    if majors().contains(&version) {
        major(version).to_string()
    } else {
        version.to_owned()
    }
}

/// Every sweep file, by version.
#[derive(Debug, Default)]
pub struct Sweep {
    pub by_version: BTreeMap<&'static str, BTreeMap<String, Row>>,
    /// The source each row was recorded for, where its line names one.
    pub sources: BTreeMap<&'static str, BTreeMap<String, String>>,
}

impl Sweep {
    /// Reads sweep/*.txt. A file for a version outside ci/wasmtime-matrix is
    /// an error; a missing file is found by [`Sweep::check`].
    pub fn load(root: &Path) -> Result<Sweep, Error> {
        let mut sweep = Sweep::default();
        let Ok(entries) = fs::read_dir(root.join("sweep")) else { return Ok(sweep) };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let rel = PathBuf::from("sweep").join(&name);
            let Some(version) = name.strip_suffix(".txt").and_then(|v| releases().into_iter().find(|m| *m == v)) else {
                return err(
                    &rel,
                    0,
                    format!("not a version of ci/wasmtime-matrix ({}): remove it, or add the version there", releases().join(", ")),
                );
            };
            let lines = parse(&rel, &crate::read_file(root, &rel)?)?;
            sweep.sources.insert(version, lines.iter().filter_map(|(name, l)| Some((name.clone(), l.source.clone()?))).collect());
            sweep.by_version.insert(version, lines.into_iter().map(|(name, l)| (name, l.row)).collect());
        }
        Ok(sweep)
    }

    pub fn row(&self, version: &str, name: &str) -> Option<&Row> {
        self.by_version.get(version)?.get(name)
    }

    /// The programs that fail on some release: they panic, return `Err` or
    /// exit with another status (a watchdog's). Programs that do not
    /// compile are not among them: the compiler's message is their page.
    pub fn failing(&self) -> BTreeSet<&str> {
        let fails = |row: &Row| matches!(row.outcome, Outcome::Panics | Outcome::ReturnsErr | Outcome::Fails(_));
        self.by_version.values().flat_map(|rows| rows.iter().filter(|(_, r)| fails(r)).map(|(n, _)| n.as_str())).collect()
    }

    /// "Every mix-up in this guide, by version" is true by construction:
    /// each program that fails on some release is a row of an
    /// `{{#outcome_matrix}}` (`listed`: the rows of every page's). The
    /// error names the programs left out.
    pub fn check_matrices(&self, listed: &BTreeSet<String>) -> Result<(), String> {
        let missing: Vec<&str> = self.failing().into_iter().filter(|n| !listed.contains(*n)).collect();
        if missing.is_empty() {
            return Ok(());
        }
        Err(format!(
            "these programs fail on some release (sweep/) but no {{{{#outcome_matrix}}}} lists them: add each to a matrix of root-cause.md (\"Every mix-up in this guide\"): {}",
            missing.join(", ")
        ))
    }

    /// The whole sweep is there and agrees with the captures: every version
    /// of ci/wasmtime-matrix has its file, every example a row in it and no
    /// row is for an example that is gone; at the pinned versions, each row
    /// says what the example's capture says (or `not built` where the
    /// example has none); at the swept ones, each row was recorded for the
    /// program's text as it is now (its [`source_hash`]). A release outside
    /// an example's `//! Wasmtime:` range needs no row for it: it is not
    /// built there, and the range already says so.
    pub fn check(&self, examples: &Examples) -> Result<(), Error> {
        let pinned = versions();
        for version in releases() {
            let path = file(version);
            let Some(rows) = self.by_version.get(version) else {
                return err(&path, 0, format!("missing: run `ci/sweep {}`", sweep_arg(version)));
            };
            for (name, example) in examples {
                if !rows.contains_key(name) && example.applies_to.contains(&version) {
                    return err(&path, 0, format!("no row for examples/{name}: run `ci/sweep {}`", sweep_arg(version)));
                }
                if !rows.contains_key(name) || pinned.contains(&version) {
                    continue;
                }
                let recorded = self.sources.get(version).and_then(|s| s.get(name));
                let now = example.sources.get(version);
                if recorded != now {
                    let was = recorded.map_or("a line without its source".to_owned(), |s| format!("source {s}"));
                    return err(
                        &path,
                        0,
                        format!(
                            "the row of `{name}` was recorded for another text of {} ({was}; now {}): run `ci/sweep --example {name} {}`",
                            example.program.path(name).display(),
                            now.map_or("unreadable", String::as_str),
                            sweep_arg(version)
                        ),
                    );
                }
            }
            if let Some(gone) = rows.keys().find(|n| !examples.contains_key(*n)) {
                return err(&path, 0, format!("a row for `{gone}`, which is not an example: run `ci/sweep {}`", sweep_arg(version)));
            }
        }
        for version in pinned {
            for (name, example) in examples {
                let want = example.captures.get(version).map_or(Row::NOT_BUILT, |c| Row::of(c, example.program));
                let have = self.by_version[version].get(name).unwrap_or(&Row::NOT_BUILT);
                if *have != want {
                    return err(
                        &file(version),
                        0,
                        format!(
                        "`{}` does not match captures/{name}/{version}.txt, which says `{}`: run `ci/sweep {}` (or `ci/bless {version}`)",
                        have.to_line(name),
                        want.to_line(name),
                        major(version)
                    ),
                    );
                }
            }
        }
        self.check_boundaries()
    }

    /// Where a program's row changes between two runs of one major, no
    /// release lies between them: a range such as "48.0.6–50" starts at the
    /// first release with the new outcome, found by bisection (CONTRIBUTING.md,
    /// "Where a patch release changed an outcome"), not at a guess. Releases
    /// of a major are numbered X.0.N; the error names the release halfway.
    pub fn check_boundaries(&self) -> Result<(), Error> {
        let all = releases();
        for pair in all.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            let ([ma, na, pa], [mb, nb, pb]) = (numbers(a), numbers(b));
            if ma != mb || (na == nb && pa + 1 == pb) {
                continue;
            }
            let (Some(rows_a), Some(rows_b)) = (self.by_version.get(a), self.by_version.get(b)) else { continue };
            for (name, row_a) in rows_a {
                let Some(row_b) = rows_b.get(name) else { continue };
                if row_a != row_b {
                    let half = format!("{ma}.{na}.{}", (pa + pb) / 2);
                    return err(
                        &file(b),
                        0,
                        format!(
                            "`{name}` changed between {a} (`{}`) and {b} (`{}`), and no release between them was run: bisect, with `ci/bisect {half}` first (CONTRIBUTING.md, \"Where a patch release changed an outcome\")",
                            row_a.to_line(name),
                            row_b.to_line(name)
                        ),
                    );
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(outcome: Outcome, message: Option<&str>) -> Row {
        Row { outcome, message: message.map(str::to_owned) }
    }

    fn example(captures: BTreeMap<String, Capture>, applies_to: Vec<&'static str>, source: &str) -> Example {
        let sources = releases().into_iter().map(|v| (v, source.to_owned())).collect();
        Example { program: Program::Compiles, captures, applies_to, sources }
    }

    /// A sweep with the row `row` for `x` on every release, recorded for `source`.
    fn sweep_of(row: &Row, source: &str) -> Sweep {
        let mut sweep = Sweep::default();
        for v in releases() {
            sweep.by_version.entry(v).or_default().insert("x".to_owned(), row.clone());
            sweep.sources.entry(v).or_default().insert("x".to_owned(), source.to_owned());
        }
        sweep
    }

    #[test]
    fn every_outcome_round_trips_through_a_line() {
        for r in [
            row(Outcome::Runs, None),
            row(Outcome::Panics, Some("must use `call_async` with async stores")),
            row(Outcome::ReturnsErr, Some("store configuration requires that `*_async` functions are used instead")),
            row(Outcome::Fails(3), None),
            row(Outcome::Fails(2), Some("odd: a colon")),
            row(Outcome::NotBuilt, None),
            row(Outcome::DoesNotCompile, Some("future cannot be sent between threads safely")),
        ] {
            for source in [None, Some("0123456789abcdef".to_owned())] {
                let line = Line { row: r.clone(), source };
                let text = line.to_text("x");
                assert_eq!(Line::parse(&text), Some(("x".to_owned(), line.clone())), "{text}");
            }
        }
    }

    #[test]
    fn a_source_that_is_not_sixteen_hex_digits_is_refused() {
        assert_eq!(Line::parse("x [abc]: runs"), None);
        assert_eq!(Line::parse("x [0123456789abcdeg]: runs"), None);
    }

    #[test]
    fn the_source_hash_ignores_comment_lines_and_blank_lines_only() {
        let program = "//! Wasmtime: v40-50\nfn main() {\n    // ANCHOR: call\n    run(); // the fix\n}\n";
        let moved = "//! Wasmtime: v40-50\n\nfn main() {   \n    run(); // the fix\n    // ANCHOR_END: call\n}\n";
        assert_eq!(source_hash(program), source_hash(moved));
        assert_eq!(source_hash(program).len(), 16);
        // A trailing comment, the range line and the code all count.
        for changed in
            [program.replace("// the fix", "// a fix"), program.replace("v40-50", "v41-50"), program.replace("run()", "run_async()")]
        {
            assert_ne!(source_hash(program), source_hash(&changed), "{changed}");
        }
    }

    #[test]
    fn a_capture_makes_the_row_a_page_would_show() {
        let c = Capture { status: 101, output: "\nthread 'main' (TID) panicked at a.rs:1:1:\nboom\nsecond line\n".into() };
        assert_eq!(Row::of(&c, Program::Compiles), row(Outcome::Panics, Some("boom")));
        let c = Capture { status: 0, output: "fine\n".into() };
        assert_eq!(Row::of(&c, Program::Compiles), row(Outcome::Runs, None));
    }

    #[test]
    fn a_bad_line_names_its_file_and_line() {
        let e = parse(Path::new("sweep/41.0.4.txt"), "# header\nx: runs\nnonsense\n").unwrap_err().to_string();
        assert!(e.starts_with("sweep/41.0.4.txt:3: `nonsense`"), "{e}");
        let e = parse(Path::new("sweep/41.0.4.txt"), "x: explodes\n").unwrap_err().to_string();
        assert!(e.contains("ci/sweep"), "{e}");
    }

    #[test]
    fn a_missing_file_or_row_names_the_command_that_writes_it() {
        let mut examples = BTreeMap::new();
        examples.insert("x".to_owned(), example(BTreeMap::new(), releases(), "0123456789abcdef"));
        let e = Sweep::default().check(&examples).unwrap_err().to_string();
        assert!(e.contains(&format!("sweep/{}.txt", releases()[0])) && e.contains("missing: run `ci/sweep"), "{e}");
        let mut sweep = Sweep::default();
        for v in releases() {
            sweep.by_version.insert(v, BTreeMap::new());
        }
        let e = sweep.check(&examples).unwrap_err().to_string();
        assert!(e.contains("no row for examples/x"), "{e}");
        // Outside its range an example is not built, and needs no row.
        examples.get_mut("x").unwrap().applies_to = vec![];
        assert!(sweep.check(&examples).is_ok());
    }

    #[test]
    fn a_pinned_row_must_say_what_the_capture_says() {
        let pinned = versions()[0];
        let mut captures = BTreeMap::new();
        captures.insert(pinned.to_owned(), Capture { status: 0, output: "ok\n".into() });
        let mut examples = BTreeMap::new();
        examples.insert("x".to_owned(), example(captures, releases(), "0123456789abcdef"));
        let mut sweep = sweep_of(&Row::NOT_BUILT, "0123456789abcdef");
        sweep.by_version.get_mut(pinned).unwrap().insert("x".to_owned(), row(Outcome::Panics, Some("no")));
        let e = sweep.check(&examples).unwrap_err().to_string();
        assert!(e.contains(&format!("captures/x/{pinned}.txt, which says `x: runs`")), "{e}");
    }

    #[test]
    fn a_swept_row_recorded_for_another_text_is_refused() {
        let pinned = versions();
        let swept = majors().into_iter().find(|v| !pinned.contains(v)).expect("the matrix has a swept release");
        let mut examples = BTreeMap::new();
        examples.insert("x".to_owned(), example(BTreeMap::new(), releases(), "0123456789abcdef"));
        assert!(sweep_of(&Row::NOT_BUILT, "0123456789abcdef").check(&examples).is_ok());

        // The program changed after its rows were recorded: the command
        // names a major's release by its major, a patch release by itself.
        let patch = releases().into_iter().find(|v| !majors().contains(v)).expect("the matrix has a patch release");
        for (release, arg) in [(swept, major(swept).to_string()), (patch, patch.to_owned())] {
            let mut sweep = sweep_of(&Row::NOT_BUILT, "0123456789abcdef");
            sweep.sources.get_mut(release).unwrap().insert("x".to_owned(), "fedcba9876543210".to_owned());
            assert_eq!(
                sweep.check(&examples).unwrap_err().to_string(),
                format!(
                    "sweep/{release}.txt: the row of `x` was recorded for another text of examples/x.rs (source fedcba9876543210; now 0123456789abcdef): run `ci/sweep --example x {arg}`"
                )
            );
        }
        // A line that does not say what it was recorded for.
        let mut sweep = sweep_of(&Row::NOT_BUILT, "0123456789abcdef");
        sweep.sources.get_mut(swept).unwrap().clear();
        let e = sweep.check(&examples).unwrap_err().to_string();
        assert!(e.contains("(a line without its source; now 0123456789abcdef)"), "{e}");
        // The pinned versions' rows are held to their captures, not to a source.
        let mut sweep = sweep_of(&Row::NOT_BUILT, "0123456789abcdef");
        for v in &pinned {
            sweep.sources.get_mut(v).unwrap().clear();
        }
        assert!(sweep.check(&examples).is_ok());
    }

    #[test]
    fn an_outcome_that_changes_inside_a_major_is_placed_by_bisection() {
        // The first patch release and its major's release, as the matrix runs them.
        let all = releases();
        let i = all.iter().position(|v| !majors().contains(v)).expect("the matrix has a patch release");
        let (first, newest) = (all[i], all[i + 1]);
        assert_eq!(major(first), major(newest));
        let mut sweep = sweep_of(&row(Outcome::Runs, None), "0123456789abcdef");
        assert!(sweep.check_boundaries().is_ok(), "the same row on both");
        sweep.by_version.get_mut(newest).unwrap().insert("x".to_owned(), row(Outcome::ReturnsErr, Some("new check")));
        let e = sweep.check_boundaries().unwrap_err().to_string();
        let [m, n, p] = numbers(newest);
        assert!(p > 1, "a major with releases between its first and newest");
        assert_eq!(
            e,
            format!(
                "sweep/{newest}.txt: `x` changed between {first} (`x: runs`) and {newest} (`x: returns Err: new check`), and no release between them was run: bisect, with `ci/bisect {m}.{n}.{}` first (CONTRIBUTING.md, \"Where a patch release changed an outcome\")",
                p / 2
            )
        );
    }

    #[test]
    fn every_failing_program_must_be_a_row_of_an_outcome_matrix() {
        let mut sweep = sweep_of(&Row::NOT_BUILT, "0123456789abcdef");
        let first = majors()[0];
        let rows = sweep.by_version.get_mut(first).unwrap();
        rows.insert("y".to_owned(), row(Outcome::Fails(2), None));
        rows.insert("z".to_owned(), row(Outcome::DoesNotCompile, Some("E0277")));
        rows.insert("w".to_owned(), row(Outcome::Runs, None));
        sweep.by_version.get_mut(majors()[1]).unwrap().insert("x".to_owned(), row(Outcome::ReturnsErr, Some("no")));
        assert_eq!(sweep.failing(), BTreeSet::from(["x", "y"]));
        let listed = BTreeSet::from(["x".to_owned()]);
        let e = sweep.check_matrices(&listed).unwrap_err();
        assert!(e.ends_with("lists them: add each to a matrix of root-cause.md (\"Every mix-up in this guide\"): y"), "{e}");
        assert!(sweep.check_matrices(&BTreeSet::from(["x".to_owned(), "y".to_owned()])).is_ok());
    }
}
