//! Turning parser markers (character index, line, column) and byte offsets into
//! [`Pos`] values, and reading source lines back for error snippets.
#![warn(clippy::arithmetic_side_effects)]

use saphyr_parser::Marker;

use crate::node::Pos;

/// Characters between two byte-offset checkpoints.
const CHECKPOINT_EVERY: usize = 64;

/// Line starts and character-index checkpoints of one source text.
#[derive(Debug)]
pub(crate) struct SourceMap<'a> {
    text: &'a str,
    /// Byte offset where each line starts (line 1 first).
    line_starts: Vec<usize>,
    /// Byte offset of every `CHECKPOINT_EVERY`th character.
    checkpoints: Vec<usize>,
}

impl<'a> SourceMap<'a> {
    /// Indexes `text` (linear time, small memory).
    pub(crate) fn new(text: &'a str) -> Self {
        let mut line_starts = vec![0];
        let mut checkpoints = Vec::with_capacity((text.len() / CHECKPOINT_EVERY).saturating_add(1));
        let mut chars = text.char_indices().enumerate().peekable();
        while let Some((n, (offset, c))) = chars.next() {
            if n % CHECKPOINT_EVERY == 0 {
                checkpoints.push(offset);
            }
            let next_is_lf = chars.peek().is_some_and(|(_, (_, next))| *next == '\n');
            if c == '\n' || (c == '\r' && !next_is_lf) {
                line_starts.push(offset.saturating_add(1));
            }
        }
        Self {
            text,
            line_starts,
            checkpoints,
        }
    }

    /// The source text.
    pub(crate) fn text(&self) -> &'a str {
        self.text
    }

    /// The position of a parser marker (character index, 1-based line, 0-based column).
    ///
    /// At the end of the text the parser's line and column can name the line
    /// after the last one (line 4, column 1 of a 3-line text without a final
    /// line break); there the position is taken from the offset.
    pub(crate) fn pos(&self, marker: &Marker) -> Pos {
        let offset = self.byte_offset(marker.index());
        if offset >= self.text.len() {
            return self.pos_at_byte(offset);
        }
        Pos {
            line: to_u32(marker.line()),
            column: to_u32(marker.col().saturating_add(1)),
            offset,
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
        let line_index = self
            .line_starts
            .partition_point(|&start| start <= offset)
            .saturating_sub(1);
        let start = self.line_starts.get(line_index).copied().unwrap_or(0);
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
            .copied()
            .unwrap_or(self.text.len())
    }

    /// The text of a 1-based line, without its line break.
    pub(crate) fn line_text(&self, line: u32) -> &'a str {
        line_text(self.text, &self.line_starts, line)
    }
}

fn line_text<'t>(text: &'t str, line_starts: &[usize], line: u32) -> &'t str {
    let index = usize::try_from(line)
        .unwrap_or(usize::MAX)
        .saturating_sub(1);
    let Some(&start) = line_starts.get(index) else {
        return "";
    };
    let end = line_starts
        .get(index.saturating_add(1))
        .copied()
        .unwrap_or(text.len());
    text.get(start..end)
        .unwrap_or("")
        .trim_end_matches(['\n', '\r'])
}

/// The position just past `text`, read from `start` (for errors before parsing).
pub(crate) fn pos_in_prefix(prefix: &[u8]) -> Pos {
    let line_start = prefix
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i.saturating_add(1));
    let line = prefix
        .iter()
        .filter(|&&b| b == b'\n')
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
    let start = bytes
        .get(..offset)
        .and_then(|head| head.iter().rposition(|&b| b == b'\n'))
        .map_or(0, |i| i.saturating_add(1));
    let end = bytes
        .get(offset..)
        .and_then(|tail| tail.iter().position(|&b| b == b'\n'))
        .map_or(bytes.len(), |i| offset.saturating_add(i));
    let line = bytes.get(start..end).unwrap_or_default();
    String::from_utf8_lossy(line)
        .trim_end_matches('\r')
        .to_owned()
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
    }
}
