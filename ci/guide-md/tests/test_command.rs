//! The test command's own checks, each with its fault planted:
//! - it refuses the switches that would make the tests rewrite what they
//!   compare with (ci/test, "The test command checks and never writes"):
//!   each switch is planted in ci/test's environment, and it must stop at
//!   once, non-zero, naming the switch;
//! - ci/dev-features fails when a dev-dependency turns on a feature of a
//!   dependency (planted in a throwaway crate with path dependencies, so
//!   that nothing is fetched).

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[test]
fn ci_test_refuses_every_rewriting_switch() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    for switch in ["GUIDE_BLESS", "GUIDE_SWEEP", "UPDATE_EXPECT"] {
        let mut child = Command::new("bash")
            .arg(root.join("ci/test"))
            .arg("--book")
            .env(switch, "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("bash runs ci/test");
        // A refusal is immediate; a test command that went on to build the
        // book would still be running: stop it and fail.
        let start = Instant::now();
        while child.try_wait().unwrap().is_none() {
            if start.elapsed() > Duration::from_secs(30) {
                child.kill().unwrap();
                panic!("ci/test --book with {switch}=1 did not stop at once");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "ci/test --book with {switch}=1 succeeded");
        assert!(stderr.contains(&format!("{switch} is set: unset it")), "{switch}: {stderr}");
    }
}

/// A throwaway crate whose only dependency, `lib`, is a path crate with a
/// feature `extra`; `dev_features` is what its [dev-dependencies] entry for
/// `lib` turns on.
fn crate_with_dev_features(dir: &Path, dev_features: &str) -> std::path::PathBuf {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::create_dir_all(dir.join("lib/src")).unwrap();
    std::fs::write(dir.join("src/lib.rs"), "").unwrap();
    std::fs::write(dir.join("lib/src/lib.rs"), "").unwrap();
    std::fs::write(
        dir.join("lib/Cargo.toml"),
        "[package]\nname = \"lib\"\nversion = \"0.1.0\"\nedition = \"2021\"\n[features]\nextra = []\n",
    )
    .unwrap();
    let manifest = dir.join("Cargo.toml");
    std::fs::write(
        &manifest,
        format!(
            "[package]\nname = \"reader\"\nversion = \"0.1.0\"\nedition = \"2021\"\n[workspace]\n\
             [dependencies]\nlib = {{ path = \"lib\" }}\n\
             [dev-dependencies]\nlib = {{ path = \"lib\", features = [{dev_features}] }}\n"
        ),
    )
    .unwrap();
    manifest
}

fn dev_features(manifest: &Path) -> std::process::Output {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    Command::new("bash").arg(root.join("ci/dev-features")).arg(manifest).output().expect("bash runs ci/dev-features")
}

#[test]
fn dev_features_fails_on_a_feature_only_a_dev_dependency_turns_on() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("dev-features");
    let out = dev_features(&crate_with_dev_features(&dir.join("planted"), "\"extra\""));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "ci/dev-features passed a planted feature: {stderr}");
    assert!(
        stderr.contains("turn on features of lib v0.1.0 that [dependencies] alone does not: (none) without them, extra with them"),
        "{stderr}"
    );

    let out = dev_features(&crate_with_dev_features(&dir.join("clean"), ""));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("add no feature to the 1 crates of [dependencies]"), "{stdout}");
}
