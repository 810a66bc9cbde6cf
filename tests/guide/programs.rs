//! Every program this run compiles, each compiled once by skeptic's runtime
//! (`skeptic::rt`), whichever trial needs it first: a block's trial (does it
//! compile and run?) or an example's capture trial (what does it print?).
//! For an example, the executable skeptic built is kept (guide_md::keep),
//! and the capture trial runs that.

use guide_md::keep;
use std::cell::Cell;
use std::collections::HashMap;
use std::fs;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

/// How skeptic's compile and run of a program ended.
#[derive(Clone, Debug, PartialEq)]
pub enum Ran {
    /// Compiled, and ran to exit status 0 (or, `no_run`, compiled).
    Ok,
    /// Compiled; running it failed (a panic, an `Err` from `main`, a
    /// non-zero exit).
    RunFailed,
    /// rustc refused it.
    CompileFailed,
    /// Something else (skeptic could not start rustc or the program).
    Other(String),
}

/// The programs, and where skeptic looks for the dependencies a program
/// links against.
pub struct Programs {
    crate_dir: String,
    /// A path inside target/<profile>/build/, from which skeptic finds
    /// target/<profile>/ (it expects a build script's OUT_DIR).
    out_dir: String,
    triple: String,
    /// target/<profile>/guide-programs/
    pub keep_dir: PathBuf,
    built: Mutex<HashMap<String, Arc<OnceLock<Ran>>>>,
}

thread_local! {
    /// Set while this thread is in skeptic: skeptic reports a failing
    /// program by panicking, which `skeptic_run` catches and reports.
    static IN_SKEPTIC: Cell<bool> = const { Cell::new(false) };
}

/// Keeps the default panic message for panics other than skeptic's.
pub fn quiet_skeptic_panics() {
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !IN_SKEPTIC.with(Cell::get) {
            default_hook(info);
        }
    }));
}

impl Programs {
    /// skeptic's view of crate `root`, built in `profile` (target/<profile>/,
    /// from the path of this test binary), with the kept examples'
    /// directory installed.
    pub fn new(root: &Path, profile: &Path) -> Result<Programs, String> {
        let keep_dir = profile.join("guide-programs");
        let manifest = fs::read_to_string(root.join("Cargo.toml")).map_err(|e| e.to_string())?;
        let libraries = guide_md::pins::dependencies(&manifest)?;
        keep::install(&keep_dir, &keep::store(profile), &root.join("examples"), &libraries)?;
        Ok(Programs {
            crate_dir: root.display().to_string(),
            out_dir: profile.join("build").join("guide-book").join("out").display().to_string(),
            // The target programs are compiled for: the host's, as cargo test
            // uses (from the compiler's `-vV`, which guide_md::keep::install read).
            triple: keep::rustc_host().ok_or("the compiler's `-vV` printed no host triple")?,
            keep_dir,
            built: Mutex::default(),
        })
    }

    /// Compiles and runs `code` the first time any trial asks; later callers
    /// (and a caller that asks meanwhile, which waits) get the same result.
    /// `example`: `code` is the text of an example, whose executable
    /// skeptic's compile keeps (guide_md::keep).
    pub fn get(&self, code: &str, example: bool, no_run: bool) -> Ran {
        let cell = Arc::clone(self.built.lock().unwrap().entry(code.to_owned()).or_default());
        // An example is run for its capture whatever a block of it says, so
        // its compile is always a full one (a `no_run` block of it would
        // otherwise leave its capture trial without an executable).
        cell.get_or_init(|| self.skeptic_run(code, no_run && !example)).clone()
    }

    /// skeptic's compile (and run, unless `no_run`) of `code`.
    pub fn skeptic_run(&self, code: &str, no_run: bool) -> Ran {
        IN_SKEPTIC.with(|b| b.set(true));
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            if no_run {
                skeptic::rt::compile_test(&self.crate_dir, &self.out_dir, &self.triple, code)
            } else {
                skeptic::rt::run_test(&self.crate_dir, &self.out_dir, &self.triple, code)
            }
        }));
        IN_SKEPTIC.with(|b| b.set(false));
        let text = |panic: Box<dyn std::any::Any + Send>| {
            panic.downcast_ref::<String>().cloned().or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string())).unwrap_or_default()
        };
        match outcome.err().map(text) {
            None => Ran::Ok,
            // skeptic's message is "Command failed:" and the whole command,
            // which for rustc is hundreds of --extern flags: say which step.
            Some(m) if m.starts_with("Command failed:") && m.contains("\"--crate-type=bin\"") => Ran::CompileFailed,
            Some(m) if m.starts_with("Command failed:") => Ran::RunFailed,
            Some(m) => Ran::Other(m),
        }
    }
}
