//! The Cargo.toml of each Wasmtime version's crate (ci/lib.sh's
//! `prepare_crate`): the repository's Cargo.toml with the two Wasmtime pins
//! set to that version, edited as TOML (comments and layout kept), not as
//! lines of text.

use std::path::Path;
use toml_edit::{DocumentMut, Item, Value};

/// The crates pinned to one Wasmtime version together.
const PINNED: [&str; 2] = ["wasmtime", "wasmtime-wasi"];

/// Wasmtime's `anyhow` feature exists from this major on; before, its error
/// type is anyhow's own, and asking for the feature is an error.
const ANYHOW_FEATURE_FROM: u32 = 42;

/// `manifest` (the repository's Cargo.toml, which pins the newest version)
/// for `version`: both pins set to `=version`, Wasmtime's `anyhow` feature
/// dropped before 42, the path of the dev-dependency `guide-md` made
/// absolute (`root`/ci/guide-md, as the crate lives elsewhere), and an empty
/// `[workspace]`, so that the crate is its own workspace.
pub fn manifest_for(manifest: &str, version: &str, root: &Path) -> Result<String, String> {
    let major: u32 = version.split('.').next().and_then(|m| m.parse().ok()).ok_or(format!("`{version}` is not a version"))?;
    let mut doc: DocumentMut = manifest.parse().map_err(|e| format!("Cargo.toml: {e}"))?;
    let deps = doc.get_mut("dependencies").and_then(Item::as_table_like_mut).ok_or("Cargo.toml has no [dependencies]")?;
    for name in PINNED {
        let dep = deps.get_mut(name).ok_or(format!("Cargo.toml: [dependencies] has no `{name}` to pin"))?;
        let pin = Value::from(format!("={version}"));
        match dep {
            Item::Value(Value::String(_)) => *dep = Item::Value(pin),
            Item::Value(Value::InlineTable(table)) => {
                table.insert("version", pin);
            }
            Item::Table(table) => {
                table.insert("version", Item::Value(pin));
            }
            _ => return Err(format!("Cargo.toml: `{name}` is neither a version nor a table")),
        }
    }
    if major < ANYHOW_FEATURE_FROM {
        if let Some(features) = deps.get_mut("wasmtime").and_then(|d| d.get_mut("features")).and_then(Item::as_array_mut) {
            features.retain(|f| f.as_str() != Some("anyhow"));
            // The space that followed `[` goes with the first element left.
            if let Some(first) = features.get_mut(0) {
                first.decor_mut().set_prefix("");
            }
        }
    }
    let guide_md = doc
        .get_mut("dev-dependencies")
        .and_then(|d| d.get_mut("guide-md"))
        .and_then(|d| d.get_mut("path"))
        .ok_or("Cargo.toml: [dev-dependencies] has no `guide-md` with a path")?;
    *guide_md = Item::Value(Value::from(root.join("ci/guide-md").display().to_string()));
    doc.insert("workspace", Item::Table(toml_edit::Table::new()));
    Ok(doc.to_string())
}

/// The crates of `manifest`'s `[dependencies]`, as rustc names them
/// (`wasmtime_wasi`): the libraries a program of the book may name, as a
/// reader's crate has them.
pub fn dependencies(manifest: &str) -> Result<Vec<String>, String> {
    let doc: DocumentMut = manifest.parse().map_err(|e| format!("Cargo.toml: {e}"))?;
    let deps = doc.get("dependencies").and_then(Item::as_table_like).ok_or("Cargo.toml has no [dependencies]")?;
    Ok(deps.iter().map(|(name, _)| name.replace('-', "_")).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    const MANIFEST: &str = r#"[package]
name = "guide"

# a comment readers see
[dependencies]
wasmtime = { version = "=48.0.8", default-features = false, features = ["anyhow", "async", "wat"] }
wasmtime-wasi = "=48.0.8"
tokio = "1"

[dev-dependencies]
guide-md = { path = "ci/guide-md" }
"#;

    #[test]
    fn the_libraries_a_program_may_name_are_the_dependencies() {
        assert_eq!(dependencies(MANIFEST).unwrap(), ["wasmtime", "wasmtime_wasi", "tokio"]);
        assert_eq!(dependencies("[package]\n").unwrap_err(), "Cargo.toml has no [dependencies]");
    }

    #[test]
    fn both_pins_change_and_nothing_else_but_the_path() {
        let out = manifest_for(MANIFEST, "45.0.3", Path::new("/repo")).unwrap();
        assert_eq!(
            out,
            r#"[package]
name = "guide"

# a comment readers see
[dependencies]
wasmtime = { version = "=45.0.3", default-features = false, features = ["anyhow", "async", "wat"] }
wasmtime-wasi = "=45.0.3"
tokio = "1"

[dev-dependencies]
guide-md = { path = "/repo/ci/guide-md" }

[workspace]
"#
        );
    }

    #[test]
    fn the_anyhow_feature_goes_before_42() {
        let out = manifest_for(MANIFEST, "41.0.4", Path::new("/r")).unwrap();
        assert!(out.contains(r#"wasmtime = { version = "=41.0.4", default-features = false, features = ["async", "wat"] }"#), "{out}");
        let out = manifest_for(MANIFEST, "42.0.2", Path::new("/r")).unwrap();
        assert!(out.contains(r#"features = ["anyhow", "async", "wat"]"#), "{out}");
    }

    #[test]
    fn a_missing_pin_or_a_bad_version_is_named() {
        let without = MANIFEST.replace("wasmtime-wasi = \"=48.0.8\"\n", "");
        assert_eq!(
            manifest_for(&without, "45.0.3", Path::new("/r")).unwrap_err(),
            "Cargo.toml: [dependencies] has no `wasmtime-wasi` to pin"
        );
        assert_eq!(manifest_for(MANIFEST, "latest", Path::new("/r")).unwrap_err(), "`latest` is not a version");
    }
}
