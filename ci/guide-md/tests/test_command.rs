//! The test command refuses the switches that would make the tests rewrite
//! what they compare with (ci/test, "The test command checks and never
//! writes"). Each switch is planted in ci/test's environment: it must stop
//! at once, non-zero, naming the switch.

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
