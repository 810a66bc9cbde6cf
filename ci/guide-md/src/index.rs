//! The index of every distinct message the book quotes: `{{#message_index}}`
//! (a section per message, so search finds each) and `{{#message_table}}`
//! (a row per message).

use crate::captures::{Captures, Message};
use crate::versions::{list, major, versions};
use std::collections::BTreeMap;

/// Every distinct message the book quotes, with its kind, versions and the
/// pages that show it. `pages` maps an example to the pages with its capture.
pub fn message_index(captures: &Captures, pages: &BTreeMap<String, Vec<String>>) -> Vec<(Message, Vec<&'static str>, Vec<String>)> {
    let mut index: BTreeMap<Message, (Vec<&'static str>, Vec<String>)> = BTreeMap::new();
    for example in captures.by_example.keys() {
        let shown_on = pages.get(example).cloned().unwrap_or_default();
        for v in versions() {
            let Some(message) = captures.message(example, v) else { continue };
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
        let kind = message.kind.cell();
        let links: Vec<String> = pages.iter().map(|(title, path)| format!("[{title}]({path})")).collect();
        out.push_str(&format!("| <code>{}</code> | {kind} | {} | {} |\n", cell_code(first), list(versions), links.join(", ")));
    }
    out
}

/// The index as Markdown: one section per message, so search finds each one.
fn render_message_index(entries: &[Entry]) -> String {
    let mut out = String::new();
    for (message, versions, pages) in entries {
        let kind = message.kind.article();
        out.push_str(&format!("```text\n{}\n```\n\n", message.text));
        let links: Vec<String> = pages.iter().map(|(title, path)| format!("[{title}]({path})")).collect();
        out.push_str(&format!("{kind} on Wasmtime {}. Explained in: {}.\n\n", list(versions), links.join(", ")));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::captures::{Capture, Kind};
    use crate::examples::Program;

    #[test]
    fn a_compile_error_is_indexed_with_its_kind() {
        let all = versions();
        let mut captures = Captures::default();
        captures.programs.insert("refused".into(), Program::DoesNotCompile);
        let output = "error[E0308]: mismatched types\n --> examples/does_not_compile/refused.rs:4:18\n".to_owned();
        captures.by_example.entry("refused".into()).or_default().insert(all[0].into(), Capture { status: 1, output });
        let pages = [("refused".to_owned(), vec!["p.md".to_owned()])].into();
        let index = message_index(&captures, &pages);
        let message = Message { kind: Kind::CompileError, text: "mismatched types".into() };
        assert_eq!(index, [(message.clone(), vec![all[0]], vec!["p.md".to_owned()])]);

        let rendered = render_index(&[(message, vec![all[0]], vec![("P".into(), "p.md".into())])]);
        assert_eq!(rendered.table.lines().nth(2).unwrap(), format!("| <code>mismatched types</code> | compile error | {} | [P](p.md) |", all[0]));
        assert_eq!(
            rendered.sections,
            format!("```text\nmismatched types\n```\n\nA compile error on Wasmtime {}. Explained in: [P](p.md).\n\n", all[0])
        );
    }
}
