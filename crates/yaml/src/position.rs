//! Turning parser markers (character index) and byte offsets into [`Pos`]
//! values, and reading source lines back for error snippets.
//!
//! A line break is what YAML 1.2 and the parser read as one: LF, CRLF, or a
//! CR alone. Line and column always come from the character index or byte
//! offset under that one model; the parser's own line and column counters are
//! not used, as they skip some breaks (a lone CR after a tag, the end of the
//! text) and would disagree with the offset.
#![warn(clippy::arithmetic_side_effects)]

use saphyr_parser::Marker;

use crate::node::Pos;

/// Characters between two byte-offset checkpoints.
const CHECKPOINT_EVERY: usize = 64;

/// Where a line starts, in bytes and in characters.
#[derive(Debug, Clone, Copy)]
struct LineStart {
    offset: usize,
    index: usize,
}

/// Line starts and character-index checkpoints of one source text.
#[derive(Debug)]
pub(crate) struct SourceMap<'a> {
    text: &'a str,
    /// Where each line starts (line 1 first).
    line_starts: Vec<LineStart>,
    /// Byte offset of every `CHECKPOINT_EVERY`th character.
    checkpoints: Vec<usize>,
    /// Characters in the text.
    chars: usize,
}

impl<'a> SourceMap<'a> {
    /// Indexes `text` (linear time, small memory).
    pub(crate) fn new(text: &'a str) -> Self {
        let mut line_starts = vec![LineStart {
            offset: 0,
            index: 0,
        }];
        let mut checkpoints = Vec::with_capacity((text.len() / CHECKPOINT_EVERY).saturating_add(1));
        let mut chars = 0;
        for (offset, c) in text.char_indices() {
            if chars % CHECKPOINT_EVERY == 0 {
                checkpoints.push(offset);
            }
            chars = chars.saturating_add(1);
            if breaks_line(text.as_bytes(), offset) {
                line_starts.push(LineStart {
                    offset: offset.saturating_add(c.len_utf8()),
                    index: chars,
                });
            }
        }
        Self {
            text,
            line_starts,
            checkpoints,
            chars,
        }
    }

    /// The source text.
    pub(crate) fn text(&self) -> &'a str {
        self.text
    }

    /// The position of a parser marker, from its character index alone
    /// (clamped to the text's end).
    pub(crate) fn pos(&self, marker: &Marker) -> Pos {
        let index = marker.index().min(self.chars);
        let line = self
            .line_starts
            .partition_point(|start| start.index <= index)
            .saturating_sub(1);
        let line_index = self.line_starts.get(line).map_or(0, |start| start.index);
        Pos {
            line: to_u32(line.saturating_add(1)),
            column: to_u32(index.saturating_sub(line_index).saturating_add(1)),
            offset: self.byte_offset(index),
        }
    }

    /// The byte offset of the `index`th character (the text's length past its end).
    fn byte_offset(&self, index: usize) -> usize {
        let Some(&base) = self.checkpoints.get(index / CHECKPOINT_EVERY) else {
            return self.text.len();
        };
        self.text
            .get(base..)
            .and_then(|rest| rest.char_indices().nth(index % CHECKPOINT_EVERY))
            .map_or(self.text.len(), |(at, _)| base.saturating_add(at))
    }

    /// The position of a byte offset (clamped to the text, rounded down to a
    /// character boundary).
    pub(crate) fn pos_at_byte(&self, offset: usize) -> Pos {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset = offset.saturating_sub(1);
        }
        let line_index = self.line_of_byte(offset);
        let start = self.line_starts.get(line_index).map_or(0, |s| s.offset);
        let column = self
            .text
            .get(start..offset)
            .map_or(0, |s| s.chars().count());
        Pos {
            line: to_u32(line_index.saturating_add(1)),
            column: to_u32(column.saturating_add(1)),
            offset,
        }
    }

    /// The position of `offset`, known to be at or after `from` (counts only
    /// the characters between them when both are on one line).
    pub(crate) fn pos_after(&self, from: Pos, offset: usize) -> Pos {
        if offset <= from.offset || !self.text.is_char_boundary(offset) {
            return if offset == from.offset {
                from
            } else {
                self.pos_at_byte(offset)
            };
        }
        let line_index = self.line_of_byte(offset);
        if to_u32(line_index.saturating_add(1)) != from.line {
            return self.pos_at_byte(offset);
        }
        let between = self
            .text
            .get(from.offset..offset)
            .map_or(0, |s| s.chars().count());
        Pos {
            line: from.line,
            column: from.column.saturating_add(to_u32(between)),
            offset,
        }
    }

    /// The 0-based line holding byte `offset`.
    fn line_of_byte(&self, offset: usize) -> usize {
        self.line_starts
            .partition_point(|start| start.offset <= offset)
            .saturating_sub(1)
    }

    /// The byte offset of the first tab at or after `offset`.
    pub(crate) fn next_tab(&self, offset: usize) -> Option<usize> {
        let from = offset.min(self.text.len());
        let found = self
            .text
            .as_bytes()
            .get(from..)?
            .iter()
            .position(|&b| b == b'\t')?;
        Some(from.saturating_add(found))
    }

    /// The byte offset where a 1-based line starts (the text's end past the last line).
    pub(crate) fn line_start(&self, line: u32) -> usize {
        let index = usize::try_from(line)
            .unwrap_or(usize::MAX)
            .saturating_sub(1);
        self.line_starts
            .get(index)
            .map_or(self.text.len(), |start| start.offset)
    }

    /// The text of a 1-based line, without its line break.
    pub(crate) fn line_text(&self, line: u32) -> &'a str {
        line_text(self.text, &self.line_starts, line)
    }
}

fn line_text<'t>(text: &'t str, line_starts: &[LineStart], line: u32) -> &'t str {
    let index = usize::try_from(line)
        .unwrap_or(usize::MAX)
        .saturating_sub(1);
    let Some(start) = line_starts.get(index).map(|start| start.offset) else {
        return "";
    };
    let end = line_starts
        .get(index.saturating_add(1))
        .map_or(text.len(), |next| next.offset);
    text.get(start..end)
        .unwrap_or("")
        .trim_end_matches(['\n', '\r'])
}

/// Whether the byte at `at` ends a line: an LF, or a CR not followed by LF
/// (the CR of a CRLF is not the break, its LF is).
fn breaks_line(bytes: &[u8], at: usize) -> bool {
    match bytes.get(at) {
        Some(b'\n') => true,
        Some(b'\r') => bytes.get(at.saturating_add(1)) != Some(&b'\n'),
        _ => false,
    }
}

/// The byte offset where the line holding byte `offset` of `bytes` starts.
fn line_start_in(bytes: &[u8], offset: usize) -> usize {
    (0..offset.min(bytes.len()))
        .rev()
        .find(|&at| breaks_line(bytes, at))
        .map_or(0, |at| at.saturating_add(1))
}

/// The position just past `prefix` (for errors before parsing).
pub(crate) fn pos_in_prefix(prefix: &[u8]) -> Pos {
    let line_start = line_start_in(prefix, prefix.len());
    let line = (0..prefix.len())
        .filter(|&at| breaks_line(prefix, at))
        .count()
        .saturating_add(1);
    let column = prefix
        .get(line_start..)
        .map_or(0, |tail| String::from_utf8_lossy(tail).chars().count());
    Pos {
        line: to_u32(line),
        column: to_u32(column.saturating_add(1)),
        offset: prefix.len(),
    }
}

/// The text of the line holding byte `offset` of `bytes` (lossy for invalid UTF-8).
pub(crate) fn line_of_bytes(bytes: &[u8], offset: usize) -> String {
    let offset = offset.min(bytes.len());
    let start = line_start_in(bytes, offset);
    let end = bytes
        .get(offset..)
        .and_then(|tail| tail.iter().position(|&b| b == b'\n' || b == b'\r'))
        .map_or(bytes.len(), |i| offset.saturating_add(i));
    String::from_utf8_lossy(bytes.get(start..end).unwrap_or_default()).into_owned()
}

/// Saturating conversion for line and column numbers.
pub(crate) fn to_u32(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_character_indices_to_bytes() {
        let text = "a: éé\nb: x\r\nc";
        let map = SourceMap::new(text);
        let pos = map.pos(&Marker::new(9, 2, 3));
        assert_eq!(
            pos,
            Pos {
                line: 2,
                column: 4,
                offset: 11
            }
        );
        assert_eq!(text.get(11..12), Some("x"));
        assert_eq!(map.line_text(2), "b: x");
        assert_eq!(map.line_text(3), "c");
        assert_eq!(map.line_text(9), "");
    }

    #[test]
    fn long_lines_use_checkpoints() {
        let text = "é".repeat(1000);
        let map = SourceMap::new(&text);
        assert_eq!(map.pos(&Marker::new(700, 1, 700)).offset, 1400);
        assert_eq!(map.pos(&Marker::new(5000, 1, 5000)).offset, 2000);
    }

    #[test]
    fn positions_of_bytes() {
        let map = SourceMap::new("ab\néx\n");
        assert_eq!(
            map.pos_at_byte(5),
            Pos {
                line: 2,
                column: 2,
                offset: 5
            }
        );
        assert_eq!(
            map.pos_at_byte(4),
            Pos {
                line: 2,
                column: 1,
                offset: 3
            }
        );
        assert_eq!(
            pos_in_prefix(b"ab\n\xc3\xa9x"),
            Pos {
                line: 2,
                column: 3,
                offset: 6
            }
        );
        assert_eq!(
            pos_in_prefix(b"a\rb\r\nc\r"),
            Pos {
                line: 4,
                column: 1,
                offset: 7
            }
        );
        assert_eq!(line_of_bytes(b"a\rb\xffc\r\nd", 3), "b\u{fffd}c");
    }
}
