//! Every position the loader reports — node, key and note spans, error
//! positions — names the same place by line and column as by byte offset,
//! whatever mixture of LF, CRLF and lone CR breaks the lines (YAML 1.2 reads
//! all three as line breaks, and so does the parser).
#![allow(clippy::panic, clippy::indexing_slicing)]

use gg_yaml::{
    Document, Limits, Node, NodeKind, Pos, Span, YamlError, load_documents, load_values,
};
use proptest::prelude::*;

/// Line and column (1-based, columns in characters) of a byte offset, read
/// byte by byte: a line ends after an LF, or after a CR that no LF follows.
fn line_and_column(text: &str, offset: usize) -> (u32, u32) {
    let bytes = text.as_bytes();
    let (mut line, mut line_start) = (1, 0);
    for at in 0..offset {
        let lone_cr = bytes[at] == b'\r' && bytes.get(at + 1) != Some(&b'\n');
        if bytes[at] == b'\n' || lone_cr {
            line += 1;
            line_start = at + 1;
        }
    }
    (line, text[line_start..offset].chars().count() as u32 + 1)
}

fn check_pos(text: &str, pos: Pos, what: &str) {
    assert!(
        text.is_char_boundary(pos.offset),
        "{what}: offset {} of {text:?}",
        pos.offset
    );
    assert_eq!(
        (pos.line, pos.column),
        line_and_column(text, pos.offset),
        "{what} at offset {} of {text:?}",
        pos.offset
    );
}

fn check_span(text: &str, span: Span, what: &str) {
    check_pos(text, span.start, what);
    check_pos(text, span.end, what);
}

fn check_node(text: &str, node: &Node) {
    if node.span != Span::default() {
        check_span(text, node.span, "node");
    }
    match &node.kind {
        NodeKind::Seq(items) => items.iter().for_each(|item| check_node(text, item)),
        NodeKind::Map(map) => {
            for (key, value) in &map.entries {
                check_span(text, key.span, "key");
                check_node(text, value);
            }
        }
        _ => {}
    }
}

fn check_document(text: &str, document: &Document) {
    check_node(text, &document.root);
    for note in &document.notes {
        check_span(text, note.span, "note");
    }
}

fn check_error(text: &str, error: &YamlError) {
    check_pos(text, error.pos, "error");
    let (line, column) = line_and_column(text, error.pos.offset);
    assert!(
        error
            .to_string()
            .starts_with(&format!("v.yaml:{line}:{column}:")),
        "{error}"
    );
}

/// Checks every position of both ways of loading `text`.
fn check_text(text: &str) {
    let limits = Limits::default();
    match load_values(text, "v.yaml", &limits) {
        Ok(document) => check_document(text, &document),
        Err(error) => check_error(text, &error),
    }
    match load_documents(text, "v.yaml", &limits) {
        Ok(documents) => documents.iter().for_each(|d| check_document(text, d)),
        Err(error) => check_error(text, &error),
    }
}

#[test]
fn a_lone_cr_breaks_the_line_after_a_tag() {
    // Found by fuzzing: the parser put the error at offset 5 on line 2,
    // column 4, not on line 3, column 1 where its offset is.
    let text = "\r\n!r\rfalse";
    check_text("!r\ra");
    let Err(error) = load_values(text, "v.yaml", &Limits::default()) else {
        panic!("a tagged bool at the top is not a mapping");
    };
    assert_eq!(
        (error.pos.line, error.pos.column, error.pos.offset),
        (3, 1, 5),
        "{error}"
    );
    check_text(text);
}

#[test]
fn spans_after_lone_crs_crlfs_and_lfs() {
    let text = "a: 1\rb: !!str 2\r\nc: &x\r  d: é\n  f: g\re: *x\rh: [1,\r 2]\r";
    let document = load_values(text, "v.yaml", &Limits::default())
        .unwrap_or_else(|e| panic!("{}", e.snippet()));
    let d = document.root.get_path(&["c", "d"]).map(|n| n.span.start);
    assert_eq!(d.map(|p| (p.line, p.column)), Some((4, 6)));
    let two = document.root.get_path(&["b"]).map(|n| n.span.start);
    assert_eq!(two.map(|p| (p.line, p.column)), Some((2, 10)));
    let h = document
        .root
        .get_path(&["h"])
        .map(|n| (n.span.start, n.span.end));
    assert_eq!(
        h.map(|(s, e)| (s.line, s.column, e.line, e.column)),
        Some((7, 4, 8, 4))
    );
    check_text(text);
}

#[test]
fn a_byte_order_mark_is_a_character_of_line_one() {
    check_text("\u{feff}a: é\rb: [1,\r\n 2]");
    check_text("\u{feff}a: !t\r[");
}

#[test]
fn error_snippets_end_at_a_lone_cr() {
    let error = load_values("a: 1\rb: [\rc: 2", "v.yaml", &Limits::default())
        .err()
        .unwrap_or_else(|| panic!("an unclosed sequence"));
    check_error("a: 1\rb: [\rc: 2", &error);
    assert!(!error.snippet().contains('\r'), "{}", error.snippet());
}

/// Pieces of YAML: indicators, properties, scalars, comments and blanks.
const PIECES: &[&str] = &[
    "a",
    "key",
    ": ",
    ":",
    "- ",
    "-",
    "? ",
    "!r",
    "!!str ",
    "&x ",
    "*x",
    "{",
    "}",
    "[",
    "]",
    ", ",
    "#c",
    " ",
    "  ",
    "\t",
    "\"q\"",
    "'s'",
    "\"a\\\nb\"",
    "é",
    "日本",
    "|",
    ">-",
    "---",
    "...",
    "true",
    "12",
    "{{ .x }}",
    "<<: ",
];

/// The three line breaks of YAML.
const BREAKS: &[&str] = &["\n", "\r", "\r\n"];

fn yaml_like() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => proptest::sample::select(PIECES),
        1 => proptest::sample::select(BREAKS),
    ];
    proptest::collection::vec(piece, 0..40).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn positions_agree_with_offsets(text in yaml_like()) {
        check_text(&text);
    }

    #[test]
    fn positions_agree_when_breaks_change(
        lines in proptest::collection::vec(
            (" {0,2}[a-c]{1,2}:( !t| &a| !!str)?( #c)?( [a-z0-9]{0,3})?( #c)?", 0..3usize),
            1..12,
        )
    ) {
        let text: String = lines
            .iter()
            .map(|(line, brk)| format!("{line}{}", BREAKS[*brk]))
            .collect();
        check_text(&text);
    }
}
