//! Test results, read from the test harness's own output: ci/test runs each
//! version's tests/guide (libtest-mimic) and ci/guide-md's own tests
//! (nightly's libtest, `-Z unstable-options`) with `--format json`, so each
//! trial's outcome and each suite's counts are JSON events, one per line,
//! among cargo's own lines in the log (`guide-md results WHAT LOG`).

use serde_json::Value;

/// What one run of the harness reported.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Results {
    pub passed: u64,
    pub failed: u64,
    /// Each failed trial's name and message, in the order they failed.
    pub failures: Vec<(String, String)>,
}

/// Reads the JSON events in `log`; other lines (cargo's, what a failed
/// block printed when it ran again) are not events and are passed over.
pub fn read(log: &str) -> Results {
    let mut results = Results::default();
    for line in log.lines().filter(|l| l.starts_with('{')) {
        let Ok(event) = serde_json::from_str::<Value>(line) else { continue };
        let field = |name: &str| event[name].as_str().unwrap_or_default();
        match (field("type"), field("event")) {
            ("suite", "ok" | "failed") => {
                results.passed += event["passed"].as_u64().unwrap_or(0);
                results.failed += event["failed"].as_u64().unwrap_or(0);
            }
            ("test", "failed") => results.failures.push((field("name").to_owned(), message(field("stdout")))),
            _ => {}
        }
    }
    results
}

/// A failed trial's message: libtest-mimic writes it as `Error: "…"\n`.
fn message(stdout: &str) -> String {
    let text = stdout.trim_end();
    text.strip_prefix("Error: \"").and_then(|t| t.strip_suffix('"')).unwrap_or(text).to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_failures_come_from_the_events() {
        let log = r#"   Compiling wasmtime-async-guide v0.1.0
{ "type": "suite", "event": "started", "test_count": 3 }
{ "type": "test", "event": "started", "name": "src/a.md:7" }
{ "type": "test", "name": "src/a.md:7", "event": "ok" }
{ "type": "test", "name": "x", "event": "failed", "stdout": "Error: \"captures/x/50.0.1.txt differs:\n- a\n+ b\"\n" }
{ "type": "test", "name": "y", "event": "ignored" }
{ "type": "suite", "event": "failed", "passed": 1, "failed": 1, "ignored": 1, "measured": 0, "filtered_out": 0, "exec_time": 0.5 }
---- x ----, run again on its own:
{ not an event
"#;
        assert_eq!(
            read(log),
            Results { passed: 1, failed: 1, failures: vec![("x".into(), "captures/x/50.0.1.txt differs:\n- a\n+ b".into())] }
        );
    }

    #[test]
    fn a_harness_that_never_ran_reports_nothing() {
        let results = read("error[E0425]: cannot find function `f`\nerror: could not compile\n");
        assert_eq!(results, Results::default());
    }

    #[test]
    fn a_message_without_the_usual_wrapping_is_kept_whole() {
        assert_eq!(message("Error: \"boom\"\n"), "boom");
        assert_eq!(message("something else\n"), "something else");
    }
}
