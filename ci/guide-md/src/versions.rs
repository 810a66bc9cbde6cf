//! The pinned Wasmtime versions and the release of every major the sweep
//! runs (both from ci/wasmtime-matrix, crate::matrix), the version tokens
//! that choose among them (`v41`, `v36-41`, in a fence's info string or an
//! example's `//! Wasmtime:` line), and the labels a reader sees.

use crate::examples::{find_example, older_form, Program};
pub use crate::matrix::major;
use crate::matrix::matrix;
use crate::{err, Error};
use std::fs;
use std::path::{Path, PathBuf};

/// The pinned Wasmtime versions, oldest first (ci/wasmtime-matrix).
pub fn versions() -> Vec<&'static str> {
    matrix().releases.iter().filter(|r| r.pinned).map(|r| r.version).collect()
}

/// The release of every Wasmtime major the sweep runs, oldest first
/// (ci/wasmtime-matrix). The pinned versions are among them; the patch
/// releases run besides are not (see [`releases`]).
pub fn majors() -> Vec<&'static str> {
    matrix().releases.iter().filter(|r| !r.patch).map(|r| r.version).collect()
}

/// Every release the sweep runs, patch releases included, oldest first.
pub fn releases() -> Vec<&'static str> {
    matrix().releases.iter().map(|r| r.version).collect()
}

/// Releases as a reader reads them: `group` (releases of the sweep) as runs
/// of releases that follow each other in the sweep, "36–41", "36, 41" or
/// "48.0.6–50" (the rules are `ranges_over`'s).
pub fn release_ranges(group: &[&str]) -> String {
    ranges_over(group, &releases(), &majors())
}

/// `group` as runs over `all` (every release run, oldest first; `newest`:
/// the newest run of each major). A run names its first major alone when it
/// starts at that major's first run, and its last major alone when it ends
/// at that major's newest run: "36–41". Otherwise it names the release,
/// "48.0.6–50" or "36–48.0.5", and so does a run inside one major that does
/// not cover it, at both ends: "49.0.0–49.0.2".
fn ranges_over(group: &[&str], all: &[&str], newest: &[&str]) -> String {
    // The runs: releases of `group` that follow each other in `all`.
    let runs = all.chunk_by(|a, b| group.contains(a) == group.contains(b)).filter(|run| group.contains(&run[0]));
    let starts_major = |v: &str| all.iter().find(|r| major(r) == major(v)) == Some(&v);
    let ends_major = |v: &str| newest.contains(&v);
    let parts: Vec<String> = runs
        .map(|run| {
            let (lo, hi) = (run[0], run[run.len() - 1]);
            let (whole_lo, whole_hi) = (starts_major(lo), ends_major(hi));
            if major(lo) == major(hi) {
                return match (whole_lo && whole_hi, lo == hi) {
                    (true, _) => major(lo).to_string(),
                    (false, true) => lo.to_owned(),
                    (false, false) => format!("{lo}–{hi}"),
                };
            }
            let lo = if whole_lo { major(lo).to_string() } else { lo.to_owned() };
            let hi = if whole_hi { major(hi).to_string() } else { hi.to_owned() };
            format!("{lo}–{hi}")
        })
        .collect();
    parts.join(", ")
}

/// The Wasmtime version a crate resolved, read from the Cargo.lock beside its
/// Cargo.toml; an error if it is not in the pinned matrix.
pub fn wasmtime_version(crate_dir: &Path) -> Result<&'static str, String> {
    resolved_version(crate_dir, &versions(), "the pinned versions of ci/wasmtime-matrix")
}

/// The same, for a crate of the sweep: any version in ci/wasmtime-matrix.
pub fn swept_version(crate_dir: &Path) -> Result<&'static str, String> {
    resolved_version(crate_dir, &releases(), "the releases of ci/wasmtime-matrix")
}

fn resolved_version(crate_dir: &Path, known: &[&'static str], what: &str) -> Result<&'static str, String> {
    let path = crate_dir.join("Cargo.lock");
    let lock = fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let found = lock
        .split("[[package]]")
        .find(|p| p.contains("\nname = \"wasmtime\"\n"))
        .and_then(|p| p.lines().find_map(|l| l.strip_prefix("version = \"")))
        .map(|v| v.trim_end_matches('"'))
        .ok_or_else(|| format!("{}: no wasmtime package", path.display()))?;
    known
        .iter()
        .copied()
        .find(|v| *v == found)
        .ok_or_else(|| format!("{}: wasmtime {found} is not in {what}: {}", path.display(), known.join(", ")))
}

/// A version token, `v41` or `v36-41`: `None` if `token` is not one, else the
/// pinned versions it names, or why it names none.
pub fn version_range(token: &str) -> Option<Result<Vec<&'static str>, String>> {
    token_range(token, &versions(), "the pinned matrix")
}

/// A version token over `known` (the pinned versions, or every major).
fn token_range(token: &str, known: &[&'static str], what: &str) -> Option<Result<Vec<&'static str>, String>> {
    let m = regex!(r"^v(\d+)(?:-(\d+))?$").captures(token)?;
    let lo: u32 = m[1].parse().ok()?;
    let hi: u32 = m.get(2).map_or(Some(lo), |h| h.as_str().parse().ok())?;
    for end in [lo, hi] {
        if !known.iter().any(|v| major(v) == end) {
            return Some(Err(format!("`{token}` names Wasmtime {end}, which is not in {what} ({})", known.join(", "))));
        }
    }
    if lo > hi {
        return Some(Err(format!("`{token}`: the range is backwards (write the older version first, v{hi}-{lo})")));
    }
    Some(Ok(known.iter().copied().filter(|v| (lo..=hi).contains(&major(v))).collect()))
}

/// The pinned versions an example applies to (it runs there, or fails to
/// compile there): those of [`example_majors`] that are pinned.
pub fn example_versions(root: &Path, name: &str) -> Result<Vec<&'static str>, Error> {
    let pinned = versions();
    Ok(example_majors(root, name)?.into_iter().filter(|v| pinned.contains(v)).collect())
}

/// The versions of ci/wasmtime-matrix an example applies to: all of them,
/// unless one of its first lines narrows them with `//! Wasmtime: v37-48`.
/// Unlike a fence's token, which chooses among the pinned versions, an
/// example's may name any major the sweep runs. An example with an older
/// form (examples/older/NAME.rs) applies to both forms' releases.
pub fn example_majors(root: &Path, name: &str) -> Result<Vec<&'static str>, Error> {
    let example = find_example(root, name).or_else(|e| err(&Program::Compiles.path(name), 0, e))?;
    let (newest, line) = form_range(root, &example.path)?;
    if example.program == Program::Compiles && !newest.contains(versions().last().unwrap()) {
        return err(&example.path, line, "an example must run on the newest pinned version: plain `cargo` builds every file in examples/ (put a form for older releases in examples/older/)");
    }
    let older_path = older_form(name);
    if example.program == Program::DoesNotCompile || !root.join(&older_path).is_file() {
        return Ok(newest);
    }
    let older = form_range(root, &older_path)?.0;
    if older.len() == releases().len() {
        return err(&older_path, 1, "an older form needs a `//! Wasmtime:` line naming the releases it is for");
    }
    if newest.len() == releases().len() {
        return err(
            &example.path,
            1,
            format!("{name} has an older form ({}): give this one a `//! Wasmtime:` line too", older_path.display()),
        );
    }
    if let Some(v) = older.iter().find(|v| newest.contains(v)) {
        return err(&older_path, 1, format!("both forms of {name} say they are for Wasmtime {v}: one form per release"));
    }
    Ok(releases().into_iter().filter(|v| older.contains(v) || newest.contains(v)).collect())
}

/// The releases of ci/wasmtime-matrix one example file is for: its
/// `//! Wasmtime:` line in its first five lines, or every release; and the
/// line of that line (0 for none).
pub fn form_range(root: &Path, rel: &Path) -> Result<(Vec<&'static str>, usize), Error> {
    let text = crate::read_file(root, rel)?;
    for (i, line) in text.lines().take(5).enumerate() {
        if let Some(token) = line.strip_prefix("//! Wasmtime: ") {
            let range = token_range(token.trim(), &releases(), "the releases of ci/wasmtime-matrix")
                .unwrap_or_else(|| Err(format!("`{token}` is not a version token such as v41 or v41-48")));
            return Ok((range.or_else(|e| err(rel, i + 1, e))?, i + 1));
        }
    }
    Ok((releases(), 0))
}

/// The file that is example `name` on `version`: examples/NAME.rs, or its
/// older form examples/older/NAME.rs where that one is for `version`.
pub fn form_for(root: &Path, name: &str, version: &str) -> Result<PathBuf, Error> {
    let older = older_form(name);
    if root.join(&older).is_file() && form_range(root, &older)?.0.contains(&version) {
        return Ok(older);
    }
    Ok(find_example(root, name).or_else(|e| err(&Program::Compiles.path(name), 0, e))?.path)
}

/// "36.0.20, 41.0.4 and 42.0.2".
pub fn list(versions: &[&str]) -> String {
    match versions {
        [] => String::new(),
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// "Tested on Wasmtime 36.0.20 and 41.0.4 only", the label of a program
/// that runs to the end.
pub fn label(versions: &[&str]) -> String {
    if versions == self::versions().as_slice() {
        format!("Tested on every pinned Wasmtime: {}", list(versions))
    } else {
        format!("Tested on Wasmtime {} only", list(versions))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_matrix_is_read_from_ci_wasmtime_versions() {
        let all = versions();
        assert!(all.len() >= 2);
        assert!(all.windows(2).all(|w| major(w[0]) < major(w[1])), "oldest first: {all:?}");
    }

    #[test]
    fn a_token_names_one_version_or_a_range() {
        let all = versions();
        let (first, last) = (all[0], *all.last().unwrap());
        assert_eq!(version_range(&format!("v{}", major(first))), Some(Ok(vec![first])));
        assert_eq!(version_range(&format!("v{}-{}", major(first), major(last))), Some(Ok(all.clone())));
    }

    #[test]
    fn a_backwards_range_is_refused() {
        let all = versions();
        let token = format!("v{}-{}", major(all[1]), major(all[0]));
        let e = version_range(&token).unwrap().unwrap_err();
        assert!(e.contains("backwards"), "{e}");
    }

    #[test]
    fn a_version_outside_the_matrix_is_refused() {
        let e = version_range("v37").unwrap().unwrap_err();
        assert!(e.contains("names Wasmtime 37, which is not in the pinned matrix"), "{e}");
        let e = version_range("v36-99").unwrap().unwrap_err();
        assert!(e.contains("Wasmtime 99"), "{e}");
    }

    #[test]
    fn other_words_are_not_tokens() {
        assert_eq!(version_range("no_run"), None);
        assert_eq!(version_range("v"), None);
        assert_eq!(version_range("v41-"), None);
        assert_eq!(version_range("41"), None);
        assert_eq!(version_range("v99999999999999999999"), None);
    }

    #[test]
    fn an_examples_versions_are_read_where_it_is() {
        let all = versions();
        let old = format!("//! A program.\n//! Wasmtime: v{}\nfn main() {{}}\n", major(all[0]));
        let root = crate::tests::test_repo(
            "versions",
            &[("examples/does_not_compile/refused.rs", old.as_bytes()), ("examples/old.rs", old.as_bytes())],
        );
        let refused = example_versions(&root, "refused");
        let old = example_versions(&root, "old").unwrap_err().to_string();
        let missing = example_versions(&root, "gone").unwrap_err().to_string();
        fs::remove_dir_all(&root).ok();
        // Cargo does not build examples/does_not_compile/: any range will do.
        assert_eq!(refused.unwrap(), [all[0]]);
        assert!(old.starts_with("examples/old.rs:2: an example must run on the newest pinned version"), "{old}");
        assert!(missing.contains("there is no examples/gone.rs or examples/does_not_compile/gone.rs"), "{missing}");
    }

    #[test]
    fn ranges_name_a_major_where_every_run_of_it_agrees() {
        let all = [
            "36.0.0", "36.0.20", "41.0.0", "41.0.4", "48.0.0", "48.0.5", "48.0.6", "48.0.8", "49.0.0", "49.0.2", "49.0.3", "49.0.5",
            "50.0.1",
        ];
        let newest = ["36.0.20", "41.0.4", "48.0.8", "49.0.5", "50.0.1"];
        let r = |group: &[&str]| ranges_over(group, &all, &newest);
        assert_eq!(r(&all[..4]), "36–41");
        assert_eq!(r(&["36.0.0", "36.0.20", "48.0.0", "48.0.5", "48.0.6", "48.0.8"]), "36, 48");
        assert_eq!(r(&all[..6]), "36–48.0.5", "ends inside 48");
        assert_eq!(r(&["48.0.6", "48.0.8", "49.0.0", "49.0.2"]), "48.0.6–49.0.2");
        assert_eq!(r(&["48.0.6", "48.0.8", "49.0.3", "49.0.5", "50.0.1"]), "48.0.6–48.0.8, 49.0.3–50", "inside one major, both releases");
        assert_eq!(r(&["49.0.0", "49.0.2"]), "49.0.0–49.0.2");
        assert_eq!(r(&["48.0.5"]), "48.0.5");
        assert_eq!(r(&["50.0.1"]), "50", "a major run once is the major");
        assert_eq!(r(&["36.0.20", "41.0.4"]), "36.0.20, 41.0.4", "neither is the whole of its major");
        assert_eq!(r(&[]), "");
    }

    #[test]
    fn lists_read_as_english() {
        assert_eq!(list(&[]), "");
        assert_eq!(list(&["41.0.4"]), "41.0.4");
        assert_eq!(list(&["36.0.20", "41.0.4"]), "36.0.20 and 41.0.4");
        assert_eq!(list(&["36.0.20", "41.0.4", "42.0.2"]), "36.0.20, 41.0.4 and 42.0.2");
    }

    #[test]
    fn labels_name_the_versions() {
        let all = versions();
        assert_eq!(label(&all), format!("Tested on every pinned Wasmtime: {}", list(&all)));
        assert_eq!(label(&all[..1]), format!("Tested on Wasmtime {} only", all[0]));
    }

    #[test]
    fn a_token_chooses_among_the_known_versions() {
        let known = ["36.0.20", "41.0.4", "42.0.2"];
        let range = |t: &str| token_range(t, &known, "the list");
        assert_eq!(range("v41"), Some(Ok(vec!["41.0.4"])));
        assert_eq!(range("v36-41"), Some(Ok(vec!["36.0.20", "41.0.4"])));
        assert_eq!(range("v36-42"), Some(Ok(known.to_vec())));
        assert_eq!(range("v37"), Some(Err("`v37` names Wasmtime 37, which is not in the list (36.0.20, 41.0.4, 42.0.2)".into())));
        assert_eq!(range("v36-40"), Some(Err("`v36-40` names Wasmtime 40, which is not in the list (36.0.20, 41.0.4, 42.0.2)".into())));
        assert_eq!(range("v42-36"), Some(Err("`v42-36`: the range is backwards (write the older version first, v36-42)".into())));
        assert_eq!(range("rust"), None);
    }

    #[test]
    fn an_examples_majors_are_every_major_or_its_wasmtime_lines() {
        let all = releases();
        let (second, newest) = (major(majors()[1]), major(all.last().unwrap()));
        let below = major(all[0]) - 1;
        let files: [(&str, Vec<u8>); 6] = [
            ("plain", "//! A program.\nfn main() {}\n".into()),
            ("narrowed", format!("//! A program.\n//! Wasmtime: v{second}-{newest}\nfn main() {{}}\n").into()),
            ("late", format!("//! A program.\n\n\n\n\n//! Wasmtime: v{second}\nfn main() {{}}\n").into()),
            ("untoken", "//! A program.\n//! Wasmtime: 41\nfn main() {}\n".into()),
            ("unknown", format!("//! Wasmtime: v{below}-{newest}\n").into()),
            ("binary", b"//! A program.\n\xff\n".to_vec()),
        ];
        let paths = files.each_ref().map(|(name, _)| format!("examples/{name}.rs"));
        let root = crate::tests::test_repo("majors", &[0, 1, 2, 3, 4, 5].map(|i| (paths[i].as_str(), files[i].1.as_slice())));
        let [plain, narrowed, late, untoken, unknown, binary] = files.map(|(name, _)| example_majors(&root, name));
        let gone = example_majors(&root, "gone").unwrap_err().to_string();
        fs::remove_dir_all(&root).ok();
        assert_eq!(plain.unwrap(), all);
        let from_second: Vec<_> = all.iter().copied().filter(|v| major(v) >= second).collect();
        assert_eq!(narrowed.unwrap(), from_second, "any release the sweep runs, not only the pinned ones");
        assert_eq!(late.unwrap(), all, "only the first five lines are read");
        assert_eq!(untoken.unwrap_err().to_string(), "examples/untoken.rs:2: `41` is not a version token such as v41 or v41-48");
        assert_eq!(
            unknown.unwrap_err().to_string(),
            format!(
                "examples/unknown.rs:1: `v{below}-{newest}` names Wasmtime {below}, which is not in the releases of ci/wasmtime-matrix ({})",
                all.join(", ")
            )
        );
        let binary = binary.unwrap_err().to_string();
        assert!(binary.starts_with("examples/binary.rs: cannot read: "), "{binary}");
        assert_eq!(
            gone,
            "examples/gone.rs: there is no examples/gone.rs or examples/does_not_compile/gone.rs: fix the name or add the example"
        );
    }

    #[test]
    fn the_resolved_version_is_read_from_the_lockfile() {
        let dir = crate::tests::test_repo("lock", &[]);
        let lock = dir.join("Cargo.lock");
        let write = |version: &str| {
            let text = format!("version = 4\n\n[[package]]\nname = \"wasmtime-environ\"\nversion = \"1.0.0\"\n\n[[package]]\nname = \"wasmtime\"\nversion = \"{version}\"\nsource = \"registry\"\n");
            fs::write(&lock, text).unwrap();
        };
        let missing = wasmtime_version(&dir).unwrap_err();
        let (pinned, swept) = (versions()[0], majors().into_iter().find(|v| !versions().contains(v)).unwrap());
        write(pinned);
        let found = (wasmtime_version(&dir), swept_version(&dir));
        write(swept);
        let (unpinned, in_sweep) = (wasmtime_version(&dir).unwrap_err(), swept_version(&dir));
        fs::write(&lock, "version = 4\n\n[[package]]\nname = \"wasmtime-environ\"\nversion = \"1.0.0\"\n").unwrap();
        let none = wasmtime_version(&dir).unwrap_err();
        fs::remove_dir_all(&dir).ok();
        let lock = lock.display();
        assert!(missing.starts_with(&format!("{lock}: ")), "{missing}");
        assert_eq!(found, (Ok(pinned), Ok(pinned)));
        assert_eq!(
            unpinned,
            format!("{lock}: wasmtime {swept} is not in the pinned versions of ci/wasmtime-matrix: {}", versions().join(", "))
        );
        assert_eq!(in_sweep, Ok(swept));
        assert_eq!(none, format!("{lock}: no wasmtime package"));
    }
}
