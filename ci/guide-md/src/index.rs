//! The index of every distinct message the book quotes: `{{#message_index}}`
//! (a section per message, so search finds each) and `{{#message_table}}`
//! (a row per message).

use crate::captures::{Capture, Captures, Kind, Message};
use crate::versions::{list, major, versions};
use std::collections::BTreeMap;

/// Every distinct message the book quotes, with its kind, versions and the
/// pages that show it. `pages` maps an example to the pages with its capture.
pub fn message_index(captures: &Captures, pages: &BTreeMap<String, Vec<String>>) -> Vec<(Message, Vec<&'static str>, Vec<String>)> {
    let mut index: BTreeMap<Message, (Vec<&'static str>, Vec<String>)> = BTreeMap::new();
    for (example, by_version) in &captures.0 {
        let shown_on = pages.get(example).cloned().unwrap_or_default();
        for v in versions() {
            let Some(message) = by_version.get(v).and_then(Capture::message) else { continue };
            let (vs, ps) = index.entry(message).or_default();
            if !vs.contains(&v) {
                vs.push(v);
            }
            for p in &shown_on {
                if !ps.contains(p) {
                    ps.push(p.clone());
                }
            }
        }
    }
    index
        .into_iter()
        .map(|(m, (mut v, p))| {
            v.sort_by_key(|v| major(v));
            (m, v, p)
        })
        .collect()
}

/// The message index rendered for one page.
#[derive(Debug, Default)]
pub struct Index {
    /// `{{#message_index}}`
    pub sections: String,
    /// `{{#message_table}}`
    pub table: String,
}

/// One message, its versions, and the (title, link) of each page showing it.
pub type Entry = (Message, Vec<&'static str>, Vec<(String, String)>);

pub fn render_index(entries: &[Entry]) -> Index {
    Index { sections: render_message_index(entries), table: render_message_table(entries) }
}

/// Text for a `<code>` element inside a Markdown table cell.
pub fn cell_code(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('`', "&#96;").replace('|', "&#124;")
}

fn render_message_table(entries: &[Entry]) -> String {
    let mut out = String::from("| You see | Kind | Printed by Wasmtime | Explained in |\n| --- | --- | --- | --- |\n");
    for (message, versions, pages) in entries {
        let first = message.text.lines().next().unwrap_or_default();
        let kind = match message.kind {
            Kind::Panic => "panic",
            Kind::Err => "`Err`",
        };
        let links: Vec<String> = pages.iter().map(|(title, path)| format!("[{title}]({path})")).collect();
        out.push_str(&format!("| <code>{}</code> | {kind} | {} | {} |\n", cell_code(first), list(versions), links.join(", ")));
    }
    out
}

/// The index as Markdown: one section per message, so search finds each one.
fn render_message_index(entries: &[Entry]) -> String {
    let mut out = String::new();
    for (message, versions, pages) in entries {
        let kind = match message.kind {
            Kind::Panic => "A panic",
            Kind::Err => "An `Err`",
        };
        out.push_str(&format!("```text\n{}\n```\n\n", message.text));
        let links: Vec<String> = pages.iter().map(|(title, path)| format!("[{title}]({path})")).collect();
        out.push_str(&format!("{kind} on Wasmtime {}. Explained in: {}.\n\n", list(versions), links.join(", ")));
    }
    out
}
