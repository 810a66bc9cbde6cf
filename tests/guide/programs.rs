//! Every program this run compiles, each compiled once by skeptic's runtime
//! (`skeptic::rt`), whichever trial needs it first: a block's trial (does it
//! compile and run?) or an example's capture trial (what does it print?).
//! For an example, the executable skeptic built is kept (guide_md::keep),
//! and the capture trial runs that.

use guide_md::keep;
use std::cell::Cell;
use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

/// Where skeptic looks for the dependencies a program links against.
pub struct Skeptic {
    pub crate_dir: String,
    /// A path inside target/<profile>/build/, from which skeptic finds
    /// target/<profile>/ (it expects a build script's OUT_DIR).
    pub out_dir: String,
    pub triple: String,
}

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

/// A program, compiled and run.
pub struct Built {
    pub ran: Ran,
    /// The executable skeptic built, for an example that compiled.
    pub binary: Option<PathBuf>,
}

pub struct Programs {
    pub skeptic: Skeptic,
    /// target/<profile>/guide-programs/
    pub keep_dir: PathBuf,
    built: Mutex<HashMap<String, Arc<OnceLock<Arc<Built>>>>>,
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
    pub fn new(skeptic: Skeptic, keep_dir: PathBuf) -> Programs {
        Programs { skeptic, keep_dir, built: Mutex::default() }
    }

    /// Compiles and runs `code` the first time any trial asks; later callers
    /// (and a caller that asks meanwhile, which waits) get the same result.
    /// `example` names examples/NAME.rs when `code` is its text: its
    /// executable is kept.
    pub fn get(&self, code: &str, example: Option<&str>, no_run: bool) -> Arc<Built> {
        let cell = Arc::clone(self.built.lock().unwrap().entry(code.to_owned()).or_default());
        Arc::clone(cell.get_or_init(|| Arc::new(self.build(code, example, no_run))))
    }

    fn build(&self, code: &str, example: Option<&str>, no_run: bool) -> Built {
        // An example is run for its capture whatever a block of it says, so
        // its compile is always a full one (a `no_run` block of it would
        // otherwise leave its capture trial without an executable).
        let no_run = no_run && example.is_none();
        let ran = self.skeptic_run(code, no_run);
        let Some(name) = example.filter(|_| matches!(ran, Ran::Ok | Ran::RunFailed) && !no_run) else {
            return Built { ran, binary: None };
        };
        // guide_md::keep linked it there when skeptic compiled it.
        let kept = keep::kept(&self.keep_dir, name, code);
        Built { ran, binary: kept.exists().then_some(kept) }
    }

    /// skeptic's compile (and run, unless `no_run`) of `code`.
    pub fn skeptic_run(&self, code: &str, no_run: bool) -> Ran {
        let s = &self.skeptic;
        IN_SKEPTIC.with(|b| b.set(true));
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            if no_run {
                skeptic::rt::compile_test(&s.crate_dir, &s.out_dir, &s.triple, code)
            } else {
                skeptic::rt::run_test(&s.crate_dir, &s.out_dir, &s.triple, code)
            }
        }));
        IN_SKEPTIC.with(|b| b.set(false));
        let failure = outcome.err().map(|panic| panic_text(&panic).unwrap_or_default());
        match failure {
            None => Ran::Ok,
            // skeptic's message is "Command failed:" and the whole command,
            // which for rustc is hundreds of --extern flags: say which step.
            Some(m) if m.starts_with("Command failed:") && m.contains("\"--crate-type=bin\"") => Ran::CompileFailed,
            Some(m) if m.starts_with("Command failed:") => Ran::RunFailed,
            Some(m) => Ran::Other(m),
        }
    }
}

fn panic_text(panic: &Box<dyn std::any::Any + Send>) -> Option<String> {
    panic.downcast_ref::<String>().cloned().or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
}

/// skeptic's view of this crate, from the path of this test binary.
pub fn skeptic_for(crate_dir: &Path, profile: &Path) -> Result<Skeptic, String> {
    Ok(Skeptic {
        crate_dir: crate_dir.display().to_string(),
        out_dir: profile.join("build").join("guide-book").join("out").display().to_string(),
        // The target programs are compiled for: the host's, as cargo test
        // uses (from the compiler's `-vV`, which guide_md::keep::install read).
        triple: guide_md::keep::rustc_host().ok_or("the compiler's `-vV` printed no host triple")?,
    })
}
