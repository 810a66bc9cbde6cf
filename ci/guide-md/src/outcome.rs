//! The outcome model: what one example printed on one version
//! ([`Capture`], as stored in captures/NAME/VERSION.txt), the message it
//! ended with, and how it ended ([`Outcome`]). Read by the captures
//! (captures.rs, which also says how a page shows an outcome) and by the
//! sweep (sweep.rs, which records one line per program and major); it
//! depends on neither.

use crate::examples::Program;
use std::path::Path;

/// A panic's first line; group 2 is the location.
static PANIC_AT: std::sync::LazyLock<regex::Regex> =
    std::sync::LazyLock::new(|| regex::Regex::new(r"(?m)^(thread '[^']*'(?: \(\S+\))? panicked at )(.*):$").unwrap());

/// What one example printed on one version, as stored in captures/NAME/VERSION.txt.
#[derive(Debug, Clone, PartialEq)]
pub struct Capture {
    pub status: i32,
    pub output: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Panic,
    Err,
    /// The compiler's first error, for a program in examples/does_not_compile/.
    CompileError,
}

/// The panic message, the error `main` returned, or the compiler's error.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Message {
    pub kind: Kind,
    pub text: String,
}

/// How a program ended on one version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Exit status 0.
    Runs,
    Panics,
    /// `main` returned `Err` (Rust prints `Error: ...`).
    ReturnsErr,
    /// A non-zero exit status without a panic or an `Error:` line.
    Fails(i32),
    /// The example's `//! Wasmtime:` line leaves this version out.
    NotBuilt,
    /// A program in examples/does_not_compile/: the compiler refused it.
    DoesNotCompile,
}

impl Outcome {
    /// As data, in sweep/VERSION.txt and book/manifest.json: "runs",
    /// "panics", "returns Err", "exits with status 1", "not built",
    /// "does not compile".
    pub fn word(self) -> String {
        match self {
            Outcome::Runs => "runs".into(),
            Outcome::Panics => "panics".into(),
            Outcome::ReturnsErr => "returns Err".into(),
            Outcome::Fails(status) => format!("exits with status {status}"),
            Outcome::NotBuilt => "not built".into(),
            Outcome::DoesNotCompile => "does not compile".into(),
        }
    }
}

impl Capture {
    pub fn parse(text: &str) -> Option<Capture> {
        let (first, output) = text.split_once('\n')?;
        let status = first.strip_prefix("exit status: ")?.parse().ok()?;
        Some(Capture { status, output: output.to_owned() })
    }

    pub fn to_file(&self) -> String {
        format!("exit status: {}\n{}", self.status, self.output)
    }

    /// How the program ended, or, for a program that must not compile
    /// (whose capture is the compiler's), that it did not compile.
    pub fn outcome(&self, program: Program) -> Outcome {
        if program == Program::DoesNotCompile {
            return Outcome::DoesNotCompile;
        }
        match (self.status, self.message(program)) {
            (0, _) => Outcome::Runs,
            (_, Some(Message { kind: Kind::Panic, .. })) => Outcome::Panics,
            (_, Some(Message { kind: Kind::Err, .. })) => Outcome::ReturnsErr,
            (_, Some(Message { kind: Kind::CompileError, .. })) => Outcome::DoesNotCompile,
            (status, None) => Outcome::Fails(status),
        }
    }

    /// Where it panicked, from `thread 'main' panicked at PATH:LINE:COL:`,
    /// without the `$CARGO_REGISTRY/` prefix.
    pub fn panic_location(&self) -> Option<&str> {
        let at = self.panic_at()?;
        Some(at.strip_prefix("$CARGO_REGISTRY/").unwrap_or(at))
    }

    /// Where it panicked, as the capture says it (`$CARGO_REGISTRY/...`,
    /// `examples/NAME.rs:...`).
    pub fn panic_at(&self) -> Option<&str> {
        Some(PANIC_AT.captures_iter(&self.output).next()?.get(2).unwrap().as_str())
    }

    /// The output with the panic location left out: two versions whose
    /// outputs are the same but for it print the same thing to a reader.
    pub fn without_location(&self) -> String {
        PANIC_AT.replace_all(&self.output, "${1}LOCATION:").into_owned()
    }

    /// The panic message or error the program ended with, if any; for a
    /// program that must not compile, the compiler's first error
    /// (`error: MESSAGE` or `error[E0277]: MESSAGE`).
    pub fn message(&self, program: Program) -> Option<Message> {
        let lines: Vec<&str> = self.output.lines().collect();
        if program == Program::DoesNotCompile {
            let error = regex!(r"^error(?:\[E\d+\])?: (.+)$");
            let text = lines.iter().find_map(|l| error.captures(l))?[1].trim_end().to_owned();
            return Some(Message { kind: Kind::CompileError, text });
        }
        if let Some(i) = lines.iter().position(|l| PANIC_AT.is_match(l)) {
            let text: Vec<&str> = lines[i + 1..].iter().take_while(|l| !l.starts_with("note: run with `RUST_BACKTRACE")).copied().collect();
            return Some(Message { kind: Kind::Panic, text: text.join("\n") });
        }
        let i = lines.iter().position(|l| l.starts_with("Error: "))?;
        let text = lines[i..].join("\n");
        Some(Message { kind: Kind::Err, text: text["Error: ".len()..].trim_end().to_owned() })
    }
}

/// The one normalisation rule for captured output: the parts that differ
/// between machines and runs are replaced by a fixed word.
/// - the absolute path of Cargo's registry sources becomes `$CARGO_REGISTRY`
///   (so `$CARGO_REGISTRY/wasmtime-36.0.20/src/runtime/func.rs:958:9`);
/// - the absolute path of the crate becomes `$ROOT`;
/// - a thread id after a thread name, `thread 'main' (12345)`, becomes `(TID)`.
pub fn normalise(output: &str, root: &Path) -> String {
    let registry = regex!(r"(/[^\s:]*)?/registry/src/[^/\s]+-[0-9a-f]{16}/");
    let tid = regex!(r"(thread '[^']*') \(\d+\)");
    let out = registry.replace_all(output, "$$CARGO_REGISTRY/");
    let out = out.replace(&format!("{}/", root.display()), "$ROOT/");
    tid.replace_all(&out, "$1 (TID)").into_owned()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn capture(status: i32, output: &str) -> Capture {
        Capture { status, output: output.to_owned() }
    }

    pub(crate) const PANIC_36: &str = "\nthread 'main' (TID) panicked at $CARGO_REGISTRY/wasmtime-36.0.20/src/runtime/func/typed.rs:99:9:\nmust use `call_async` with async stores\nnote: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n";

    #[test]
    fn a_capture_file_round_trips() {
        let c = Capture::parse("exit status: 101\nline\n").unwrap();
        assert_eq!(c, capture(101, "line\n"));
        assert_eq!(c.to_file(), "exit status: 101\nline\n");
        assert_eq!(Capture::parse("exit: 1\n"), None);
    }

    #[test]
    fn a_panic_message_with_and_without_a_thread_id() {
        let with = capture(101, PANIC_36).message(Program::Compiles).unwrap();
        assert_eq!(with, Message { kind: Kind::Panic, text: "must use `call_async` with async stores".into() });
        let without = capture(101, "thread 'main' panicked at src/main.rs:3:5:\nboom\ntwo lines\n").message(Program::Compiles).unwrap();
        assert_eq!(without, Message { kind: Kind::Panic, text: "boom\ntwo lines".into() });
    }

    #[test]
    fn an_err_message_keeps_all_its_lines() {
        let c = capture(1, "started\nError: store configuration requires async\n\nCaused by:\n    0: deeper\n");
        assert_eq!(
            c.message(Program::Compiles).unwrap(),
            Message { kind: Kind::Err, text: "store configuration requires async\n\nCaused by:\n    0: deeper".into() }
        );
        assert_eq!(c.outcome(Program::Compiles), Outcome::ReturnsErr);
    }

    #[test]
    fn the_panic_location_is_read_without_the_registry() {
        let c = capture(101, PANIC_36);
        assert_eq!(c.panic_location(), Some("wasmtime-36.0.20/src/runtime/func/typed.rs:99:9"));
        assert_eq!(c.panic_at(), Some("$CARGO_REGISTRY/wasmtime-36.0.20/src/runtime/func/typed.rs:99:9"));
        assert_eq!(capture(0, "ok\n").panic_location(), None);
    }

    #[test]
    fn normalise_replaces_what_differs_between_machines() {
        let root = Path::new("/home/me/guide");
        let raw = "thread 'main' (4242) panicked at /home/me/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/wasmtime-36.0.20/src/a.rs:1:2:\n/home/me/guide/src/x.rs\n";
        assert_eq!(
            normalise(raw, root),
            "thread 'main' (TID) panicked at $CARGO_REGISTRY/wasmtime-36.0.20/src/a.rs:1:2:\n$ROOT/src/x.rs\n"
        );
    }

    #[test]
    fn the_output_without_the_panic_location() {
        assert_eq!(
            capture(101, PANIC_36).without_location(),
            "\nthread 'main' (TID) panicked at LOCATION:\nmust use `call_async` with async stores\nnote: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n"
        );
        assert_eq!(
            capture(101, "start\nthread 'main' panicked at src/main.rs:3:5:\nboom\n").without_location(),
            "start\nthread 'main' panicked at LOCATION:\nboom\n"
        );
        assert_eq!(
            capture(1, "Error: at src/main.rs:3:5:\n").without_location(),
            "Error: at src/main.rs:3:5:\n",
            "no panic, nothing replaced"
        );
    }
}
