//! What several fuzz targets check: that a reported position points into the
//! text it was read from, and how one input is split into several texts.

use gg_yaml::{Node, NodeKind, Pos, Span};

/// Asserts that `pos` is a place in `text` and that its line and column
/// (1-based, columns in characters, lines broken by LF, CRLF or a lone CR)
/// name the same place as its byte offset.
pub fn assert_pos_in(text: &str, pos: Pos, what: &str) {
    assert!(
        pos.offset <= text.len() && text.is_char_boundary(pos.offset),
        "{what}: offset {} outside a text of {} bytes",
        pos.offset,
        text.len()
    );
    // YAML's line breaks: LF, CRLF, and a CR alone.
    let breaks: Vec<usize> = text[..pos.offset]
        .char_indices()
        .filter(|&(i, c)| c == '\n' || (c == '\r' && text.as_bytes().get(i + 1) != Some(&b'\n')))
        .map(|(i, _)| i + 1)
        .collect();
    let line = breaks.len() + 1;
    let line_start = breaks.last().copied().unwrap_or(0);
    let column = text[line_start..pos.offset].chars().count() + 1;
    assert_eq!(
        (pos.line as usize, pos.column as usize),
        (line, column),
        "{what}: line and column disagree with offset {}",
        pos.offset
    );
}

/// Asserts that `span` is a range of `text` with consistent positions.
pub fn assert_span_in(text: &str, span: Span, what: &str) {
    assert_pos_in(text, span.start, what);
    assert_pos_in(text, span.end, what);
    assert!(span.start <= span.end, "{what}: span ends before it starts");
}

/// Asserts [`assert_span_in`] for every node and key of a loaded document;
/// the root of an empty document has no span (`Span::default()`).
pub fn assert_document_in(text: &str, root: &Node) {
    if root.span == Span::default() {
        assert_children_in(text, root);
    } else {
        assert_tree_in(text, root);
    }
}

/// Asserts [`assert_span_in`] for a node, its keys and its descendants.
pub fn assert_tree_in(text: &str, node: &Node) {
    assert_span_in(text, node.span, "node");
    assert_children_in(text, node);
}

fn assert_children_in(text: &str, node: &Node) {
    match &node.kind {
        NodeKind::Seq(items) => items.iter().for_each(|item| assert_tree_in(text, item)),
        NodeKind::Map(map) => {
            for (key, value) in &map.entries {
                assert_span_in(text, key.span, "key");
                assert_tree_in(text, value);
            }
        }
        _ => {}
    }
}

/// Splits fuzz input into at most `max` UTF-8 texts at `0xFF` bytes (which
/// UTF-8 text never holds); parts that are not UTF-8 are dropped.
pub fn split_texts(data: &[u8], max: usize) -> Vec<&str> {
    data.split(|byte| *byte == 0xFF)
        .take(max)
        .filter_map(|part| std::str::from_utf8(part).ok())
        .collect()
}

/// Asserts that the 1-based `line` and `column` (characters) name a place in
/// `text` whose lines end at LF only (HCL): a line it has, at most one column
/// past that line's end.
pub fn assert_line_column_in(text: &str, line: u32, column: u32, what: &str) {
    assert_line_column_of(&text.split('\n').collect::<Vec<_>>(), line, column, what);
}

/// As [`assert_line_column_in`] for a YAML text, whose lines end at LF,
/// CRLF or a lone CR.
pub fn assert_yaml_line_column_in(text: &str, line: u32, column: u32, what: &str) {
    let lines: Vec<&str> = text
        .split('\n')
        .flat_map(|line| line.strip_suffix('\r').unwrap_or(line).split('\r'))
        .collect();
    assert_line_column_of(&lines, line, column, what);
}

fn assert_line_column_of(lines: &[&str], line: u32, column: u32, what: &str) {
    let Some(line_text) = (line as usize).checked_sub(1).and_then(|i| lines.get(i)) else {
        panic!("{what}: line {line} of a text of {} lines", lines.len());
    };
    let width = line_text.chars().count();
    assert!(
        column >= 1 && column as usize <= width + 1,
        "{what}: column {column} on line {line} of {width} characters"
    );
}
