//! The book as data, for the checks that run after `mdbook build`: the
//! preprocessor writes it to `book/manifest.json`, and the browser check
//! (ci/browser/check.mjs) reads it instead of reading the pages' HTML or
//! English back: the chapters in book order, and each message of the index
//! with where its newest pinned capture panicked.

use crate::captures::Captures;
use crate::outcome::{Capture, Kind, Message};
use crate::versions::versions;
use serde_json::{json, Value};

/// What the preprocessor learned about one chapter.
pub struct Chapter<'a> {
    /// Relative to src/, as in SUMMARY.md: `faq.md`.
    pub path: &'a str,
    pub title: &'a str,
    /// The part of SUMMARY.md it is under (`Symptoms` for `# Symptoms`).
    pub part: Option<&'a str>,
}

/// A page that routes a message to the pages explaining it, one per setup:
/// its title in SUMMARY.md is the message itself, in quotes. Search puts it
/// first for that message, and the browser's checks of symptom pages (a fix
/// near the top) leave it out, having read this from the manifest.
pub fn is_routing_page(title: &str) -> bool {
    title.starts_with('"')
}

/// The manifest of the whole book: what ci/browser/check.mjs reads of it.
/// `index` is the message index as the pages render it: each message, its
/// releases and the chapters explaining it.
pub fn manifest(chapters: &[Chapter], captures: &Captures, index: &[(Message, Vec<&'static str>, Vec<String>)]) -> Value {
    let messages: Vec<Value> =
        index.iter().map(|(message, _, _)| json!({ "text": message.text, "location": panic_location(captures, message) })).collect();
    json!({
        "chapters": chapters
            .iter()
            .map(|c| json!({ "path": c.path, "title": c.title, "part": c.part, "routing": is_routing_page(c.title) }))
            .collect::<Vec<_>>(),
        "messages": messages,
    })
}

/// Where a panic with this message happened, as its capture says it
/// (`$CARGO_REGISTRY/wasmtime-48.0.8/src/...`, `examples/NAME.rs:...`): the
/// browser check pastes it as the reader's whole panic line. Of the
/// captures that panic with it, the newest pinned version's, and of those
/// the last example by name (the check read captures/ in that order before
/// it read this). None for a message that is not a panic.
fn panic_location(captures: &Captures, message: &Message) -> Option<String> {
    if message.kind != Kind::Panic {
        return None;
    }
    for version in versions().into_iter().rev() {
        for name in captures.by_example.keys().rev() {
            if captures.message(name, version).as_ref() == Some(message) {
                if let Some(at) = captures.get(name, version).and_then(Capture::panic_at) {
                    return Some(at.to_owned());
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_routing_page_is_titled_with_its_message_in_quotes() {
        assert!(is_routing_page("\"Cannot start a runtime from within a runtime\""));
        assert!(!is_routing_page("A blocking `TypedFunc::call` fails on an async store"));
    }
}
