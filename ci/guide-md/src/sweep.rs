//! What every example did on the newest release of every Wasmtime major the
//! sweep runs (sweep/VERSION.txt, one line per example, written by
//! `ci/sweep VERSION`), and the ranges of majors the pages show from it.
//!
//! A line is `NAME: OUTCOME` or `NAME: OUTCOME: first line of the message`:
//!
//! ```text
//! sync_call_on_async_store: panics: must use `call_async` with async stores
//! async_embedding: runs
//! store_stays_async: not built
//! ```

use crate::captures::{Capture, Outcome};
use crate::examples::Program;
use crate::versions::{major, majors, versions};
use crate::{err, Error};
use std::collections::BTreeMap;
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
        let words = [
            ("runs", Outcome::Runs),
            ("panics", Outcome::Panics),
            ("returns Err", Outcome::ReturnsErr),
            ("not built", Outcome::NotBuilt),
            ("does not compile", Outcome::DoesNotCompile),
        ];
        let (outcome, message) = match words.iter().find(|(w, _)| rest == *w || rest.starts_with(&format!("{w}: "))) {
            Some((w, o)) => (*o, rest.strip_prefix(w).unwrap().strip_prefix(": ")),
            None => {
                let status = rest.strip_prefix("exits with status ")?;
                let (status, message) = status.split_once(": ").map_or((status, None), |(s, m)| (s, Some(m)));
                (Outcome::Fails(status.parse().ok()?), message)
            }
        };
        Some((name.to_owned(), Row { outcome, message: message.map(str::to_owned) }))
    }
}

/// The file of the sweep of one version, relative to the repository.
pub fn file(version: &str) -> PathBuf {
    PathBuf::from("sweep").join(format!("{version}.txt"))
}

/// A sweep file's text: a header line, then one line per example, by name.
pub fn format(version: &str, rows: &BTreeMap<String, Row>) -> String {
    let mut out = format!("# Wasmtime {version}: what each program in examples/ did. Written by `ci/sweep {version}`.\n");
    for (name, row) in rows {
        out.push_str(&row.to_line(name));
        out.push('\n');
    }
    out
}

/// Parses a sweep file's text; an error names the line.
pub fn parse(path: &Path, text: &str) -> Result<BTreeMap<String, Row>, Error> {
    let mut rows = BTreeMap::new();
    for (i, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let Some((name, row)) = Row::parse(line) else {
            return err(path, i + 1, format!("`{line}` is not `NAME: OUTCOME[: message]`: run `ci/sweep` to write the file again"));
        };
        rows.insert(name, row);
    }
    Ok(rows)
}

/// Every example by name: its kind, its capture per pinned version, and the
/// releases it applies to (its `//! Wasmtime:` range).
pub type Examples = BTreeMap<String, (Program, BTreeMap<String, Capture>, Vec<&'static str>)>;

/// Every sweep file, by version.
#[derive(Debug, Default)]
pub struct Sweep {
    pub by_version: BTreeMap<&'static str, BTreeMap<String, Row>>,
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
            let Some(version) = name.strip_suffix(".txt").and_then(|v| majors().into_iter().find(|m| *m == v)) else {
                return err(
                    &rel,
                    0,
                    format!("not a version of ci/wasmtime-matrix ({}): remove it, or add the version there", majors().join(", ")),
                );
            };
            let text = fs::read_to_string(entry.path()).or_else(|e| err(&rel, 0, format!("cannot read: {e}")))?;
            sweep.by_version.insert(version, parse(&rel, &text)?);
        }
        Ok(sweep)
    }

    pub fn row(&self, version: &str, name: &str) -> Option<&Row> {
        self.by_version.get(version)?.get(name)
    }

    /// The whole sweep is there and agrees with the captures: every version
    /// of ci/wasmtime-matrix has its file, every example a row in it and no
    /// row is for an example that is gone; at the pinned versions, each row
    /// says what the example's capture says (or `not built` where the
    /// example has none). A release outside an example's `//! Wasmtime:`
    /// range needs no row for it: it is not built there, and the range
    /// already says so. `examples`: every example's name and kind, its
    /// capture per pinned version, and the releases it applies to.
    pub fn check(&self, examples: &Examples) -> Result<(), Error> {
        for version in majors() {
            let path = file(version);
            let Some(rows) = self.by_version.get(version) else {
                return err(&path, 0, format!("missing: run `ci/sweep {}`", major(version)));
            };
            for (name, (_, _, applies_to)) in examples {
                if !rows.contains_key(name) && applies_to.contains(&version) {
                    return err(&path, 0, format!("no row for examples/{name}: run `ci/sweep {}`", major(version)));
                }
            }
            if let Some(gone) = rows.keys().find(|n| !examples.contains_key(*n)) {
                return err(&path, 0, format!("a row for `{gone}`, which is not an example: run `ci/sweep {}`", major(version)));
            }
        }
        for version in versions() {
            for (name, (program, captures, _)) in examples {
                let want = captures.get(version).map_or(Row::NOT_BUILT, |c| Row::of(c, *program));
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
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(outcome: Outcome, message: Option<&str>) -> Row {
        Row { outcome, message: message.map(str::to_owned) }
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
            let line = r.to_line("x");
            assert_eq!(Row::parse(&line), Some(("x".to_owned(), r.clone())), "{line}");
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
        examples.insert("x".to_owned(), (Program::Compiles, BTreeMap::new(), majors()));
        let e = Sweep::default().check(&examples).unwrap_err().to_string();
        assert!(e.contains(&format!("sweep/{}.txt", majors()[0])) && e.contains("missing: run `ci/sweep"), "{e}");
        let mut sweep = Sweep::default();
        for v in majors() {
            sweep.by_version.insert(v, BTreeMap::new());
        }
        let e = sweep.check(&examples).unwrap_err().to_string();
        assert!(e.contains("no row for examples/x"), "{e}");
        // Outside its range an example is not built, and needs no row.
        examples.insert("x".to_owned(), (Program::Compiles, BTreeMap::new(), vec![]));
        assert!(sweep.check(&examples).is_ok());
    }

    #[test]
    fn a_pinned_row_must_say_what_the_capture_says() {
        let pinned = versions()[0];
        let mut captures = BTreeMap::new();
        captures.insert(pinned.to_owned(), Capture { status: 0, output: "ok\n".into() });
        let mut examples = BTreeMap::new();
        examples.insert("x".to_owned(), (Program::Compiles, captures, majors()));
        let mut sweep = Sweep::default();
        for v in majors() {
            sweep.by_version.entry(v).or_default().insert("x".to_owned(), Row::NOT_BUILT);
        }
        sweep.by_version.get_mut(pinned).unwrap().insert("x".to_owned(), row(Outcome::Panics, Some("no")));
        let e = sweep.check(&examples).unwrap_err().to_string();
        assert!(e.contains(&format!("captures/x/{pinned}.txt, which says `x: runs`")), "{e}");
    }
}
