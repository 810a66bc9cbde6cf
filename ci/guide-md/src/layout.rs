//! Where each Wasmtime version's crate, target directory and lockfile are:
//! the one place that says so. ci/lib.sh asks once (`guide-md layout
//! ROOT`).
//!
//! The newest pinned version is the repository's own crate (plain `cargo`
//! builds it); every other version of ci/wasmtime-matrix gets a crate of its
//! own under target/matrix/ (ci/lib.sh writes it), its own target directory,
//! so that versions never rebuild each other's dependencies, and its own
//! committed lockfile.

use crate::versions::{releases, versions};
use std::path::{Path, PathBuf};

/// Relative to the repository.
#[derive(Debug, PartialEq, Eq)]
pub struct Paths {
    /// The directory of its Cargo.toml ("" for the repository itself).
    pub crate_dir: PathBuf,
    pub target_dir: PathBuf,
    pub lock_file: PathBuf,
}

/// Where `version`'s crate, target directory and lockfile are.
pub fn paths(version: &str) -> Result<Paths, String> {
    if !releases().contains(&version) {
        return Err(format!("Wasmtime {version} is not in ci/wasmtime-matrix"));
    }
    Ok(if Some(&version) == versions().last() {
        Paths { crate_dir: PathBuf::new(), target_dir: "target".into(), lock_file: "Cargo.lock".into() }
    } else {
        Paths {
            crate_dir: Path::new("target/matrix").join(version),
            target_dir: Path::new("target").join(format!("wasmtime-{version}")),
            lock_file: Path::new("ci/locks").join(format!("{version}.lock")),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_version_outside_the_majors_is_refused_by_name() {
        assert_eq!(paths("35.0.0").unwrap_err(), "Wasmtime 35.0.0 is not in ci/wasmtime-matrix");
    }
}
