//! ci/wasmtime-matrix, read when the tool runs: the Wasmtime releases the
//! guide runs (pinned or swept) and the Rust toolchain each is built with.
//! ci/lib.sh reads the same file with awk; this parser is the one that
//! checks it, and names the line of any mistake.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Where the file is, relative to the repository.
pub const MATRIX_FILE: &str = "ci/wasmtime-matrix";

/// One `wasmtime` line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Release {
    pub version: &'static str,
    pub pinned: bool,
    /// A `patch` line: a release of a major besides its newest, which the
    /// sweep also runs, so that an outcome that changed inside the major is
    /// placed at the patch release that changed it.
    pub patch: bool,
    /// The name of a `toolchain` line.
    pub toolchain: &'static str,
    /// Why a pinned release is pinned: the rest of its line, Markdown,
    /// which the start page shows (`{{#pinned_versions}}`).
    pub why: Option<&'static str>,
}

/// One `toolchain` line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Toolchain {
    pub name: &'static str,
    /// Exactly what its `rustc -V` prints.
    pub rustc: &'static str,
}

#[derive(Debug, PartialEq, Eq)]
pub struct Matrix {
    /// Oldest first.
    pub releases: Vec<Release>,
    pub toolchains: Vec<Toolchain>,
}

/// The matrix in use, and the file it was read from.
static MATRIX: OnceLock<(PathBuf, Matrix)> = OnceLock::new();

/// The matrix of the book at `root` (its `ci/wasmtime-matrix`): the
/// preprocessor and each subcommand read the one of the book they are given,
/// so a fixture book has a matrix of its own. A process reads one matrix; a
/// second root is an error.
pub fn read_from(root: &Path) -> Result<&'static Matrix, String> {
    let path = root.join(MATRIX_FILE);
    if MATRIX.get().is_none() {
        // Of two threads reading it at once, the first to set it wins.
        MATRIX.set((path.clone(), load(&path)?)).ok();
    }
    let (read, matrix) = MATRIX.get().unwrap();
    if *read != path {
        return Err(format!("{}: this process already uses {}", path.display(), read.display()));
    }
    Ok(matrix)
}

/// The matrix in use: the one [`read_from`] read, or else the repository's
/// own (the repository this crate is in).
pub fn matrix() -> &'static Matrix {
    if let Some((_, m)) = MATRIX.get() {
        return m;
    }
    read_from(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")).unwrap_or_else(|e| panic!("{e}"))
}

fn load(path: &Path) -> Result<Matrix, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{MATRIX_FILE}: cannot read {}: {e}", path.display()))?;
    Matrix::parse(text.leak())
}

impl Matrix {
    /// Errors name the file and line.
    pub fn parse(text: &'static str) -> Result<Matrix, String> {
        let mut m = Matrix { releases: Vec::new(), toolchains: Vec::new() };
        let mut wanted: Vec<(usize, &str)> = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let at = |e: String| format!("{MATRIX_FILE}:{}: {e}", i + 1);
            // A comment starts with a `#` at the line's start or after a
            // space, so a reason may link `wasmtime#12371`.
            let line = comment(line);
            let mut words = line.split_whitespace();
            match words.next() {
                None => {}
                Some("toolchain") => {
                    let name = words.next().ok_or_else(|| at("a toolchain line needs a name and what `rustc -V` prints".into()))?;
                    let rest = line["toolchain".len()..].trim_start()[name.len()..].trim();
                    if !rest.starts_with("rustc ") {
                        return Err(at(format!("toolchain `{name}`: give what its `rustc -V` prints, `rustc 1.95.0 (…)`")));
                    }
                    m.toolchains.push(Toolchain { name, rustc: rest });
                }
                Some("wasmtime") => {
                    let fields: Vec<&'static str> = words.by_ref().take(3).collect();
                    let [version, role, toolchain] = fields[..] else {
                        return Err(at("write `wasmtime VERSION pinned|swept|patch TOOLCHAIN [why it is pinned]`".into()));
                    };
                    let why = words.next().map(|first| line[line.find(first).unwrap()..].trim());
                    if !regex!(r"^[0-9]+\.[0-9]+\.[0-9]+$").is_match(version) {
                        return Err(at(format!("`{version}` is not a release such as 48.0.8 (release candidates are not releases)")));
                    }
                    let (pinned, patch) = match (role, why) {
                        ("pinned", Some(_)) => (true, false),
                        ("swept", None) => (false, false),
                        ("patch", None) => (false, true),
                        ("pinned", None) => {
                            return Err(at(format!("{version} is pinned: say why after its toolchain (the start page shows it)")))
                        }
                        ("swept" | "patch", Some(_)) => return Err(at(format!("{version} is {role}: only a pinned release says why"))),
                        _ => return Err(at(format!("`{role}`: a release is `pinned`, `swept` or `patch`"))),
                    };
                    if let Some(last) = m.releases.last() {
                        if !last.patch && major(last.version) >= major(version) || last.patch && numbers(last.version) >= numbers(version) {
                            return Err(at(format!(
                                "{version} after {}: oldest first, one pinned or swept release per major, after its patch releases",
                                last.version
                            )));
                        }
                        if last.patch && major(last.version) != major(version) {
                            return Err(at(format!(
                                "{} is a patch release: its major's pinned or swept release must follow it",
                                last.version
                            )));
                        }
                    }
                    wanted.push((i + 1, toolchain));
                    m.releases.push(Release { version, pinned, patch, toolchain, why });
                }
                Some(other) => return Err(at(format!("`{other}`: a line starts with `wasmtime` or `toolchain`"))),
            }
        }
        if let Some((line, name)) = wanted.iter().find(|(_, name)| !m.toolchains.iter().any(|t| t.name == *name)) {
            return Err(format!("{MATRIX_FILE}:{line}: no `toolchain {name} …` line"));
        }
        if !m.releases.iter().any(|r| r.pinned) {
            return Err(format!("{MATRIX_FILE}: no pinned release"));
        }
        if !m.releases.last().unwrap().pinned {
            // (a patch release last is caught here too)
            return Err(format!("{MATRIX_FILE}: the newest release must be pinned: it is the repository's own crate"));
        }
        Ok(m)
    }
}

/// The line without its comment, trimmed.
fn comment(line: &'static str) -> &'static str {
    let end =
        line.char_indices().find(|&(i, c)| c == '#' && (i == 0 || line[..i].ends_with(char::is_whitespace))).map_or(line.len(), |(i, _)| i);
    line[..end].trim()
}

/// `{{#pinned_versions}}`: a table of the pinned releases and why each is.
pub fn pinned_table(matrix: &Matrix) -> String {
    let mut out = String::from("| Version | Why it is pinned |\n| --- | --- |");
    out.extend(matrix.releases.iter().filter(|r| r.pinned).map(|r| format!("\n| {} | {} |", r.version, r.why.unwrap_or_default())));
    out
}

/// `{{#swept_releases}}`: a row per major with every release the sweep runs
/// of it, oldest first, the pinned one marked.
pub fn swept_table(matrix: &Matrix) -> String {
    let mut out = String::from("| Major | Releases run |\n| --- | --- |");
    for of_major in matrix.releases.chunk_by(|a, b| major(a.version) == major(b.version)) {
        let names: Vec<String> =
            of_major.iter().map(|r| if r.pinned { format!("{} (pinned)", r.version) } else { r.version.to_owned() }).collect();
        out.push_str(&format!("\n| {} | {} |", major(of_major[0].version), names.join(", ")));
    }
    out
}

/// The major version: 41 for "41.0.4".
pub fn major(version: &str) -> u32 {
    numbers(version)[0]
}

/// [48, 0, 6] for "48.0.6", which compares as releases do.
pub fn numbers(version: &str) -> [u32; 3] {
    let mut n = version.split('.').map(|p| p.parse().unwrap_or(0));
    [(); 3].map(|_| n.next().unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOOLCHAINS: &str = "toolchain old rustc 1.0.0 (abc 2020-01-01)\ntoolchain new rustc 2.0.0-nightly (def 2021-01-01) # a comment\n";

    fn parse(lines: &str) -> Result<Matrix, String> {
        Matrix::parse(format!("{TOOLCHAINS}{lines}").leak())
    }

    #[test]
    fn releases_and_toolchains_are_read() {
        let m = parse(
            "\n# pinned first\nwasmtime 36.0.20 pinned old  Long-term support. # a comment\nwasmtime 37.0.3  swept  old\nwasmtime 50.0.0 patch new\nwasmtime 50.0.1 pinned new The [newest](https://x/y#z), wasmtime#1.\n",
        )
        .unwrap();
        assert_eq!(
            m.releases.iter().map(|r| (r.version, r.pinned, r.patch)).collect::<Vec<_>>(),
            [("36.0.20", true, false), ("37.0.3", false, false), ("50.0.0", false, true), ("50.0.1", true, false)]
        );
        assert_eq!(m.releases.iter().map(|r| r.toolchain).collect::<Vec<_>>(), ["old", "old", "new", "new"]);
        assert_eq!(m.toolchains[1], Toolchain { name: "new", rustc: "rustc 2.0.0-nightly (def 2021-01-01)" });
        assert_eq!(
            m.releases.iter().map(|r| r.why).collect::<Vec<_>>(),
            [Some("Long-term support."), None, None, Some("The [newest](https://x/y#z), wasmtime#1.")]
        );
        assert_eq!(
            pinned_table(&m),
            "| Version | Why it is pinned |\n| --- | --- |\n| 36.0.20 | Long-term support. |\n| 50.0.1 | The [newest](https://x/y#z), wasmtime#1. |"
        );
        assert_eq!(
            swept_table(&m),
            "| Major | Releases run |\n| --- | --- |\n| 36 | 36.0.20 (pinned) |\n| 37 | 37.0.3 |\n| 50 | 50.0.0, 50.0.1 (pinned) |"
        );
    }

    #[test]
    fn each_mistake_names_its_line() {
        let err = |lines: &str| parse(lines).unwrap_err();
        assert_eq!(
            err("wasmtime 36.0.20 pinned\n"),
            "ci/wasmtime-matrix:3: write `wasmtime VERSION pinned|swept|patch TOOLCHAIN [why it is pinned]`"
        );
        assert_eq!(
            err("wasmtime 49.0.0-rc.1 swept new\n"),
            "ci/wasmtime-matrix:3: `49.0.0-rc.1` is not a release such as 48.0.8 (release candidates are not releases)"
        );
        assert_eq!(err("wasmtime 36.0.20 kept old\n"), "ci/wasmtime-matrix:3: `kept`: a release is `pinned`, `swept` or `patch`");
        assert_eq!(
            err("wasmtime 41.0.4 pinned old A.\nwasmtime 41.0.5 pinned old B.\n"),
            "ci/wasmtime-matrix:4: 41.0.5 after 41.0.4: oldest first, one pinned or swept release per major, after its patch releases"
        );
        assert_eq!(
            err("wasmtime 41.0.4 patch old\nwasmtime 41.0.0 patch old\nwasmtime 41.0.5 pinned old A.\n"),
            "ci/wasmtime-matrix:4: 41.0.0 after 41.0.4: oldest first, one pinned or swept release per major, after its patch releases"
        );
        assert_eq!(
            err("wasmtime 41.0.0 patch old\nwasmtime 42.0.2 pinned old A.\n"),
            "ci/wasmtime-matrix:4: 41.0.0 is a patch release: its major's pinned or swept release must follow it"
        );
        assert_eq!(
            err("wasmtime 41.0.0 patch old Why.\nwasmtime 41.0.4 pinned old A.\n"),
            "ci/wasmtime-matrix:3: 41.0.0 is patch: only a pinned release says why"
        );
        assert_eq!(err("wasmtime 41.0.4 pinned gone A.\n"), "ci/wasmtime-matrix:3: no `toolchain gone …` line");
        assert_eq!(err("wasmtim 41.0.4 pinned old\n"), "ci/wasmtime-matrix:3: `wasmtim`: a line starts with `wasmtime` or `toolchain`");
        assert_eq!(
            Matrix::parse("toolchain x 1.95\n").unwrap_err(),
            "ci/wasmtime-matrix:1: toolchain `x`: give what its `rustc -V` prints, `rustc 1.95.0 (…)`"
        );
        assert_eq!(err("wasmtime 41.0.4 swept old\n"), "ci/wasmtime-matrix: no pinned release");
        assert_eq!(
            err("wasmtime 41.0.4 pinned old\n"),
            "ci/wasmtime-matrix:3: 41.0.4 is pinned: say why after its toolchain (the start page shows it)"
        );
        assert_eq!(err("wasmtime 41.0.4 swept old Why.\n"), "ci/wasmtime-matrix:3: 41.0.4 is swept: only a pinned release says why");
        assert_eq!(
            err("wasmtime 41.0.4 pinned old A.\nwasmtime 42.0.2 swept old\n"),
            "ci/wasmtime-matrix: the newest release must be pinned: it is the repository's own crate"
        );
    }

    #[test]
    fn the_repositorys_matrix_parses() {
        assert!(!matrix().releases.is_empty());
    }
}
