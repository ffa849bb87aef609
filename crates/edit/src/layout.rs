//! The layout conventions of a text, read so inserted lines look like their
//! neighbours: the line ending, the indentation step, a line's indentation.

use gg_yaml::{Node, NodeKind};

/// The line ending the text uses (`\r\n` when its first line break is CRLF).
pub(crate) fn line_ending(text: &str) -> &'static str {
    match text.find('\n') {
        Some(at) if at > 0 && text.as_bytes().get(at - 1) == Some(&b'\r') => "\r\n",
        _ => "\n",
    }
}

/// Columns between a block mapping's keys and its nested block mapping's keys,
/// from the first nested mapping found (2 when there is none).
pub(crate) fn indent_step(text: &str, root: &Node) -> usize {
    fn find(text: &str, node: &Node) -> Option<usize> {
        let map = node.as_map()?;
        if is_flow(text, node) {
            return None;
        }
        for (key, value) in &map.entries {
            if let NodeKind::Map(child) = &value.kind
                && !is_flow(text, value)
                && let Some((child_key, _)) = child.entries.first()
                && child_key.span.start.line > key.span.start.line
            {
                let step = child_key
                    .span
                    .start
                    .column
                    .checked_sub(key.span.start.column)?;
                if step > 0 {
                    return usize::try_from(step).ok();
                }
            }
            if let Some(step) = find(text, value) {
                return Some(step);
            }
        }
        None
    }
    find(text, root).unwrap_or(2)
}

/// Whether a collection node is written in flow style (`{…}` / `[…]`).
pub(crate) fn is_flow(text: &str, node: &Node) -> bool {
    matches!(
        text.get(node.span.start.offset..)
            .and_then(|rest| rest.chars().next()),
        Some('{' | '[')
    )
}

/// The byte offset where the line holding `offset` starts.
pub(crate) fn line_start(text: &str, offset: usize) -> usize {
    text.get(..offset)
        .and_then(|head| head.rfind('\n'))
        .map_or(0, |at| at + 1)
}

/// The indentation to write a sibling of the key at `offset` with: the spaces
/// before it (a `- ` sequence indicator counts as spaces).
pub(crate) fn indentation_at(text: &str, offset: usize) -> String {
    let start = line_start(text, offset);
    let width = text.get(start..offset).map_or(0, |s| s.chars().count());
    " ".repeat(width)
}

/// The byte offset just past the line break that ends the line holding the
/// last character before `end` (the text's end when there is none).
pub(crate) fn end_of_line(text: &str, end: usize) -> Option<usize> {
    if end > 0 && text.as_bytes().get(end - 1) == Some(&b'\n') {
        return Some(end);
    }
    text.get(end..)
        .and_then(|rest| rest.find('\n'))
        .map(|at| end + at + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root(text: &str) -> Node {
        let docs = gg_yaml::load_documents(text, "t", &gg_yaml::Limits::default());
        docs.ok()
            .and_then(|mut d| d.pop())
            .map(|d| d.root)
            .unwrap_or_else(|| panic!("{text}"))
    }

    #[test]
    fn reads_line_endings_and_steps() {
        assert_eq!(line_ending("a: 1\r\nb: 2\r\n"), "\r\n");
        assert_eq!(line_ending("a: 1\nb: 2\r\n"), "\n");
        let text = "a: 1\nb:\n    c: 2\n";
        assert_eq!(indent_step(text, &root(text)), 4);
        let text = "a: {b: 1}\n";
        assert_eq!(indent_step(text, &root(text)), 2);
        assert_eq!(indentation_at("x:\n  - a: 1\n", 7), "    ");
        assert_eq!(end_of_line("a: 1 # c\nb: 2", 4), Some(9));
        assert_eq!(end_of_line("a: 1", 4), None);
    }
}
