//! The programs that measure time: a watchdog that proves a hang by its
//! bound, a timeout, a deadline, a measured stall. Their outcome holds only
//! if the machine runs them when they ask, so `ci/test` runs them apart
//! from load: after the other programs and the book's checks, which run at
//! the same time, have ended. A program measures time if its text names
//! `Duration` or `Instant` (every bound and every clock reading does); the
//! rule errs towards running a program apart.

/// The libtest kind of a trial whose program measures time. `ci/test`
/// selects those trials with the filter `[timed]` and the others with
/// `--skip '[timed]'` (libtest-mimic matches a filter against `[KIND] NAME`).
pub const KIND: &str = "timed";

/// Whether `program` (a program's whole text) measures time.
pub fn measures_time(program: &str) -> bool {
    crate::regex!(r"\b(Duration|Instant)\b").is_match(program)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bound_or_a_clock_reading_measures_time() {
        assert!(measures_time("let limit = std::time::Duration::from_millis(10);"));
        assert!(measures_time("use std::time::{Duration, Instant};"));
        assert!(measures_time("let start = Instant::now();"));
        assert!(!measures_time("fn main() { println!(\"no clock\"); }"));
        // A word that only contains the name is not it.
        assert!(!measures_time("struct DurationLike; let instants = 0;"));
    }

    #[test]
    fn ci_test_selects_trials_by_this_kind() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let script = std::fs::read_to_string(root.join("ci/test")).unwrap();
        let filter = format!("'[{KIND}]'");
        assert!(script.matches(&filter).count() >= 2, "ci/test must run the timed trials with {filter} and skip them with --skip {filter}");
    }
}
