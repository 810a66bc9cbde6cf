//! The rule that keeps hand-typed outcome claims out of the prose.
//!
//! A paragraph (or list item text, table row, heading) outside code that
//! both names a pinned Wasmtime version (`Wasmtime 41`, `36.0.20`, `on 36
//! and 41`, `from 42`, `up to 41`, `36–41`, `42 and later`, `v42`) and says
//! what a program does (panics, `Err`, runs, fails, succeeds, works,
//! refuses, is accepted) must carry its evidence in the same paragraph: an
//! outcome directive rendered from the captures, an example that exists
//! (`examples/NAME.rs`, `examples/does_not_compile/NAME.rs`), or a link to a
//! pinned source line.
//!
//! A second rule gives `{{#outcomes NAME}}` its subject: the directive
//! renders what a program does ("panics on 36–41; returns `Err` from
//! `main` on 42–50"), so in prose the words before it in its sentence (or
//! its parenthesis) name a program: "That program {{#outcomes NAME}}", "(the
//! fixed program {{#outcomes NAME}})". A table cell is a fragment under a
//! header that names the program, and is not checked.

use crate::examples::find_example;
use crate::versions::{major, versions};
use crate::Error;
use pulldown_cmark::{Event, Tag};
use std::ops::Range;
use std::path::Path;

/// Every unit of prose in `text`: paragraphs, headings, table rows, and the
/// text of a list item before its first nested block.
pub fn prose_units(text: &str) -> Vec<Range<usize>> {
    let mut units = Vec::new();
    let mut items: Vec<Range<usize>> = Vec::new();
    let mut starts = Vec::new();
    for (event, range) in crate::parser(text).into_offset_iter() {
        let Event::Start(tag) = event else { continue };
        match tag {
            Tag::Paragraph | Tag::Heading(..) | Tag::TableHead | Tag::TableRow => units.push(range.clone()),
            Tag::Item => items.push(range.clone()),
            _ => {}
        }
        if matches!(tag, Tag::Paragraph | Tag::Heading(..) | Tag::List(_) | Tag::CodeBlock(_) | Tag::BlockQuote | Tag::Table(_)) {
            starts.push(range.start);
        }
    }
    for item in items {
        let end = starts.iter().copied().filter(|s| *s > item.start && *s < item.end).min().unwrap_or(item.end);
        units.push(item.start..end);
    }
    units.sort_by_key(|r| r.start);
    units
}

/// The offset in `unit` of the first pinned major it names as a version.
pub fn version_mention(unit: &str) -> Option<usize> {
    let re = regex!(
        r"(?ix)
          \bWasmtime(?:'s)?\s+v?(?P<a>\d+)\b
        | \b(?P<b>\d+)\.\d+\.\d+\b
        | \bv(?P<c>\d+)\b
        | \b(?:on|in|from|since|before|after|until|through|to|and|or|versions?|up\s+to)\s+(?P<d>\d+)\b
        | \b(?P<e>\d+)\s*(?:–|-)\s*\d+\b
        | \b(?P<f>\d+)\s+(?:and|or)\s+(?:later|newer|earlier|older|above|below)\b"
    );
    let (lo, hi) = (major(versions()[0]), major(versions().last().unwrap()));
    for m in re.captures_iter(unit) {
        let number = ["a", "b", "c", "d", "e", "f"].iter().find_map(|g| m.name(g)).unwrap();
        let Ok(n) = number.as_str().parse::<u32>() else { continue };
        if !(lo..=hi).contains(&n) {
            continue;
        }
        let before = unit[..number.start()].chars().next_back();
        if matches!(before, Some('#' | ':' | '/' | '.')) && m.name("b").is_none() && m.name("c").is_none() {
            continue; // #42, typed.rs:42, a path
        }
        let after = &unit[number.end()..];
        if regex!(r"^\s*(?:%|[KMG]i?B\b|bytes?\b|ms\b|s\b|seconds?\b|threads?\b|lines?\b|units?\b|times?\b|columns?\b|characters?\b)")
            .is_match(after)
        {
            continue;
        }
        return Some(number.start());
    }
    None
}

/// Whether `unit` says what a program does.
pub fn states_outcome(unit: &str) -> bool {
    regex!(r"(?i)\b(?:panic|panics|panicked|Err|runs|fails|succeeds|works|refuses|(?:is|are)\s+accepted)\b").is_match(unit)
}

/// Whether `unit` carries its evidence: an outcome directive, an example
/// that exists (`example_exists(PATH)`, PATH as the unit names it:
/// `examples/NAME.rs` or `examples/does_not_compile/NAME.rs`), or a link to
/// a pinned source line.
pub fn has_evidence(unit: &str, example_exists: &dyn Fn(&str) -> bool) -> bool {
    regex!(r"\{\{#(?:outcomes|applies_to|outcome_table|outcome_matrix|capture)\s").is_match(unit)
        || regex!(r"\bexamples/(?:does_not_compile/)?\w+\.rs").find_iter(unit).any(|m| example_exists(m.as_str()))
        || regex!(r"https://(?:github\.com/bytecodealliance/wasmtime/blob/v\d+\.\d+\.\d+/|docs\.rs/wasmtime[\w-]*/\d+\.\d+\.\d+/)")
            .is_match(unit)
}

/// Every unit of `text` that claims an outcome for a version without
/// evidence: the byte offset in `text` of the version it names, and the
/// sentence with the version, shortened.
pub fn find_claims(text: &str, example_exists: &dyn Fn(&str) -> bool) -> Vec<(usize, String)> {
    let claim = |unit: Range<usize>| {
        let s = &text[unit.clone()];
        let at = version_mention(s)?;
        (states_outcome(s) && !has_evidence(s, example_exists)).then(|| (unit.start + at, sentence_at(s, at)))
    };
    prose_units(text).into_iter().filter_map(claim).collect()
}

/// The sentence around `at`, on one line, at most about 100 characters.
fn sentence_at(unit: &str, at: usize) -> String {
    let start = regex!(r"[.!?:]\s").find_iter(&unit[..at]).last().map_or(0, |m| m.end());
    let end = regex!(r"[.!?:](?:\s|$)").find(&unit[at..]).map_or(unit.len(), |m| at + m.start() + 1);
    let words: Vec<&str> =
        unit[start..end].split_whitespace().filter(|w| !matches!(*w, "-" | "*" | "+" | "#" | "##" | "###" | "|")).collect();
    let sentence = words.join(" ");
    if sentence.chars().count() > 100 {
        format!("{}…", sentence.chars().take(99).collect::<String>())
    } else {
        sentence
    }
}

/// The rule as an error naming each place, with how to fix it.
pub fn check_claims(root: &Path, page: &Path, text: &str) -> Result<(), Error> {
    // The example the path names, found where examples are found.
    let exists = |path: &str| {
        let name = Path::new(path).file_stem().and_then(|s| s.to_str()).unwrap_or_default();
        find_example(root, name).is_ok_and(|e| e.path == Path::new(path))
    };
    let say = |sentence: String| {
        format!(
            "prose says what a Wasmtime version does without evidence: \"{sentence}\": render it from the captures with \
             {{{{#outcomes NAME}}}}, name the example whose capture shows it (examples/NAME.rs), or link the pinned source line"
        )
    };
    at_each(page, text, find_claims(text, &exists).into_iter().map(|(at, sentence)| (at, say(sentence))).collect())
}

/// One error for every place (its offset in `text`, what to say there):
/// the first place's, then each further place on a line of its own that
/// names its page and line.
fn at_each(page: &Path, text: &str, places: Vec<(usize, String)>) -> Result<(), Error> {
    let Some((first, msg)) = places.first() else { return Ok(()) };
    let mut msg = msg.clone();
    msg.extend(places[1..].iter().map(|(at, say)| format!("\n{}:{}: {say}", page.display(), crate::line_of(text, *at))));
    Err(Error { file: page.to_owned(), line: crate::line_of(text, *first), msg })
}

/// Byte offsets of every `{{#outcomes NAME}}` in prose whose sentence does
/// not name a program before it.
pub fn outcomes_without_a_program(text: &str) -> Vec<usize> {
    let mut found = Vec::new();
    for unit in prose_units(text) {
        let s = &text[unit.clone()];
        if s.trim_start().starts_with('|') {
            continue; // a table row
        }
        for m in regex!(r"\{\{#outcomes\s").find_iter(s) {
            let start = clause_start(&s[..m.start()]);
            if !regex!(r"(?i)\bprograms?\b|\bexamples/\w+\.rs").is_match(&s[start..m.start()]) {
                found.push(unit.start + m.start());
            }
        }
    }
    found
}

/// Where the sentence or parenthesis that `before` ends in starts: after
/// the last sentence break or the last "(" still open ("The fixed program
/// (below) " and "[the program](#fix) " stay whole).
fn clause_start(before: &str) -> usize {
    let sentence = regex!(r"[.!?;:]\s").find_iter(before).last().map_or(0, |b| b.end());
    let mut open = Vec::new();
    for (i, c) in before.char_indices() {
        match c {
            '(' => open.push(i + 1),
            ')' => {
                open.pop();
            }
            _ => {}
        }
    }
    open.last().copied().filter(|o| *o > sentence).unwrap_or(sentence)
}

/// The subject rule as an error naming each place.
pub fn check_outcome_subjects(page: &Path, text: &str) -> Result<(), Error> {
    let say = |at: usize| {
        let end = text[at..].find("}}").map_or(text.len(), |e| at + e + 2);
        format!(
            "`{}` needs a program as its subject in the same sentence: it renders what a program does \
             (\"That program {{{{#outcomes NAME}}}}\", \"the fixed program {{{{#outcomes NAME}}}}\")",
            &text[at..end]
        )
    };
    at_each(page, text, outcomes_without_a_program(text).into_iter().map(|at| (at, say(at))).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_outcome_directive_needs_a_program_before_it() {
        let bad = "# T\n\nA second call {{#outcomes x}}.\n\nThere, {{#outcomes y}}. Then is one ({{#outcomes z}}).\n";
        let e = check_outcome_subjects(Path::new("src/p.md"), bad).unwrap_err();
        let shown = e.to_string();
        assert!(shown.starts_with("src/p.md:3: `{{#outcomes x}}` needs a program as its subject"), "{shown}");
        assert!(shown.contains("\nsrc/p.md:5: `{{#outcomes y}}`") && shown.contains("\nsrc/p.md:5: `{{#outcomes z}}`"), "{shown}");
        // A program named in an earlier sentence is not this sentence's subject.
        assert_eq!(outcomes_without_a_program("The program runs. It {{#outcomes x}}.").len(), 1);
    }

    #[test]
    fn a_program_subject_or_a_table_cell_passes() {
        for good in [
            "That program {{#outcomes x}}.",
            "The fixed program (below) {{#outcomes x}}.",
            "It is one (the program {{#outcomes x}}).",
            "The fixed program (below) {{#outcomes x}}.",
            "The [fixed program](#reproduce) {{#outcomes x}}.",
            "- The mistake program {{#outcomes x}}.",
            "| [A mistake](p.md) | {{#outcomes x}} |",
        ] {
            assert_eq!(outcomes_without_a_program(good), Vec::<usize>::new(), "{good}");
        }
    }

    fn claims(text: &str) -> Vec<String> {
        let exists = |path: &str| ["examples/real.rs", "examples/does_not_compile/refused.rs"].contains(&path);
        find_claims(text, &exists).into_iter().map(|(_, sentence)| sentence).collect()
    }

    #[test]
    fn version_mentions() {
        for yes in [
            "Wasmtime 41",
            "on 36.0.20",
            "on 36 and 41",
            "from 42 on",
            "up to 41",
            "before 42",
            "36–41",
            "36-41",
            "42 and later",
            "v42",
            "Wasmtime 48.0.8",
        ] {
            assert!(version_mention(yes).is_some(), "{yes}");
        }
    }

    #[test]
    fn numbers_that_are_not_versions() {
        for no in [
            "issue #12371",
            "PR #42",
            "error E0277",
            "a 2 MiB stack",
            "4096 bytes",
            "typed.rs:99:9",
            "typed.rs:42",
            "on 40 threads",
            "to 42 lines",
            "Wasmtime 12",
            "on 2 cores",
            "up to 64 KiB",
        ] {
            assert_eq!(version_mention(no), None, "{no}");
        }
    }

    #[test]
    fn a_claim_without_evidence_is_found() {
        assert_eq!(claims("Up to 41, a blocking call panics.\n"), ["Up to 41, a blocking call panics."]);
        assert_eq!(claims("- On Wasmtime 42 it returns an `Err`.\n"), ["On Wasmtime 42 it returns an `Err`."]);
        assert_eq!(claims("| sync call | panics on 36 |\n| --- | --- |\n"), ["sync call panics on 36"]);
        assert_eq!(claims("## Why Wasmtime 42 refuses it\n"), ["Why Wasmtime 42 refuses it"]);
    }

    #[test]
    fn evidence_in_the_same_paragraph_is_enough() {
        assert!(claims("Up to 41 it panics:\n{{#outcomes sync_call}}\n").is_empty());
        assert!(claims("Up to 41 it panics (examples/real.rs).\n").is_empty());
        assert!(claims("Up to 41 it fails (examples/does_not_compile/refused.rs).\n").is_empty());
        assert!(claims("Up to 41 it [panics](https://github.com/bytecodealliance/wasmtime/blob/v41.0.4/crates/wasmtime/src/a.rs#L9).\n")
            .is_empty());
        assert!(claims("From 42 it works ([docs](https://docs.rs/wasmtime/42.0.2/wasmtime/struct.Store.html)).\n").is_empty());
    }

    #[test]
    fn evidence_elsewhere_or_a_missing_example_is_not() {
        assert_eq!(claims("Up to 41 it panics.\n\n{{#outcomes x}}\n").len(), 1);
        assert_eq!(claims("Up to 41 it panics (examples/gone.rs).\n").len(), 1);
        assert_eq!(claims("Up to 41 it fails (examples/does_not_compile/real.rs).\n").len(), 1, "real.rs is elsewhere");
    }

    #[test]
    fn no_outcome_or_no_version_is_no_claim() {
        assert!(claims("Wasmtime 42 changed the default.\n").is_empty());
        assert!(claims("A blocking call panics.\n").is_empty());
        assert!(claims("Issue #12371 panics.\n").is_empty());
        assert!(claims("```text\nWasmtime 41 panics\n```\n").is_empty(), "code is not prose");
        assert!(claims("`v42` blocks run on 42 only\n").is_empty(), "`run` is not an outcome word, `runs` is");
    }

    #[test]
    fn each_list_item_is_its_own_unit() {
        let text = "- On 36 it panics\n- See examples/real.rs\n";
        assert_eq!(claims(text), ["On 36 it panics"]);
    }

    #[test]
    fn the_error_names_the_line_and_the_fix() {
        let e = check_claims(Path::new("/nonexistent"), Path::new("src/p.md"), "# T\n\nUp to 41 it panics.\n").unwrap_err();
        let shown = e.to_string();
        assert!(
            shown.starts_with("src/p.md:3: prose says what a Wasmtime version does without evidence: \"Up to 41 it panics.\""),
            "{shown}"
        );
        assert!(shown.contains("{{#outcomes NAME}}") && shown.contains("examples/NAME.rs"), "{shown}");
    }

    #[test]
    fn prose_units_are_paragraphs_headings_rows_and_item_text() {
        let text = "# Title\n\nA paragraph.\n\n- item one\n- item two\n  - nested\n\n> quoted\n\n```text\ncode\n```\n\n| a | b |\n| --- | --- |\n| c | d |\n";
        let units: Vec<&str> = prose_units(text).into_iter().map(|r| text[r].trim_end()).collect();
        assert_eq!(units, ["# Title", "A paragraph.", "- item one", "- item two", "- nested", "quoted", "| a | b |", "| c | d |"]);
    }

    #[test]
    fn outcome_words() {
        for yes in [
            "it panics",
            "it panicked",
            "a panic",
            "returns an `Err`",
            "it runs",
            "the call fails",
            "it works",
            "it succeeds",
            "rustc refuses it",
            "it is accepted",
            "both are ACCEPTED",
        ] {
            assert!(states_outcome(yes), "{yes}");
        }
        for no in ["Error: no", "blocks run on 42", "it was accepted", "Wasmtime 42 changed the default"] {
            assert!(!states_outcome(no), "{no}");
        }
    }

    #[test]
    fn evidence_is_a_directive_an_existing_example_or_a_pinned_link() {
        let exists = |path: &str| path == "examples/does_not_compile/refused.rs";
        for yes in [
            "{{#outcomes x}}",
            "{{#applies_to x}}",
            "{{#outcome_table x}}",
            "{{#outcome_matrix x y}}",
            "{{#capture x}}",
            "see examples/does_not_compile/refused.rs",
            "https://github.com/bytecodealliance/wasmtime/blob/v41.0.4/crates/wasmtime/src/a.rs#L9",
            "https://docs.rs/wasmtime/42.0.2/wasmtime/struct.Store.html",
            "https://docs.rs/wasmtime-wasi/42.0.2/wasmtime_wasi/",
        ] {
            assert!(has_evidence(yes, &exists), "{yes}");
        }
        for no in [
            "{{#message_index}}",
            "{{#include ../Cargo.toml}}",
            "see examples/refused.rs",
            "https://github.com/bytecodealliance/wasmtime/blob/main/crates/wasmtime/src/a.rs",
            "https://docs.rs/wasmtime/latest/wasmtime/",
        ] {
            assert!(!has_evidence(no, &exists), "{no}");
        }
    }

    #[test]
    fn the_sentence_around_a_version_on_one_line() {
        let at = |unit: &str, n: &str| sentence_at(unit, unit.find(n).unwrap());
        assert_eq!(at("Wasmtime changed. Up to 41 it panics. Then more.", "41"), "Up to 41 it panics.");
        assert_eq!(at("It panics on 36.0.20 only.", "36"), "It panics on 36.0.20 only.", "a version's dots end no sentence");
        assert_eq!(at("Note: on 36\nit panics: see below", "36"), "on 36 it panics:");
        assert_eq!(at("| sync call | panics on 36 |", "36"), "sync call panics on 36");
        assert_eq!(at("- On 36 it panics", "36"), "On 36 it panics");
        let long = format!("On 41 {}", "word ".repeat(30));
        let shown = at(&long, "41");
        assert_eq!(shown.chars().count(), 100);
        assert!(shown.starts_with("On 41 word word") && shown.ends_with("wor…"), "{shown}");
    }

    #[test]
    fn each_further_claim_is_a_line_of_the_error_with_its_own_line_number() {
        let e = check_claims(Path::new("/nonexistent"), Path::new("src/p.md"), "Up to 41 it panics.\n\nText.\n\nFrom 42 it fails.\n")
            .unwrap_err();
        let say = |s: &str| {
            format!(
                "prose says what a Wasmtime version does without evidence: \"{s}\": render it from the captures with {{{{#outcomes NAME}}}}, \
                 name the example whose capture shows it (examples/NAME.rs), or link the pinned source line"
            )
        };
        assert_eq!(e.to_string(), format!("src/p.md:1: {}\nsrc/p.md:5: {}", say("Up to 41 it panics."), say("From 42 it fails.")));
    }
}
