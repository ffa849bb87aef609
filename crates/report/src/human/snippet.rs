//! One source line prepared for a terminal, with the place to underline.
//!
//! Columns in findings count characters; a terminal needs display cells.
//! Tabs become four spaces, control characters a replacement character, wide
//! characters take two cells, and lines longer than [`MAX_WIDTH`] are cut
//! around the underlined span with `...` on the cut sides.

use unicode_width::UnicodeWidthChar;

/// The widest source text printed before it is cut.
pub(crate) const MAX_WIDTH: usize = 100;
/// How many cells to keep left of the span when a long line is cut.
const LEFT_CONTEXT: usize = 40;
const TAB: &str = "    ";
const ELLIPSIS: &str = "...";

/// A source line as printed and where its underline goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Excerpt {
    /// The text to print.
    pub text: String,
    /// Cells before the underline.
    pub mark_start: usize,
    /// Cells to underline, at least 1.
    pub mark_width: usize,
}

/// One character as printed.
struct Cell {
    text: String,
    width: usize,
}

impl Cell {
    fn of(c: char) -> Self {
        match c {
            '\t' => Self {
                text: TAB.to_owned(),
                width: TAB.len(),
            },
            c if c.is_control() => Self {
                text: char::REPLACEMENT_CHARACTER.to_string(),
                width: 1,
            },
            c => Self {
                text: c.to_string(),
                width: c.width().unwrap_or(0),
            },
        }
    }
}

/// Prepares `line` with characters `start..end` (0-based; `end` `None` means
/// to the end of the line) marked. Positions past the end of the line mark
/// the cell just after it.
pub(crate) fn excerpt(line: &str, start: usize, end: Option<usize>) -> Excerpt {
    let cells: Vec<Cell> = line.chars().map(Cell::of).collect();
    let count = cells.len();
    let start = start.min(count);
    let end = end.unwrap_or(count).clamp(start, count);
    let offsets: Vec<usize> = std::iter::once(0)
        .chain(cells.iter().scan(0, |sum, cell| {
            *sum += cell.width;
            Some(*sum)
        }))
        .collect();
    let total = offsets.last().copied().unwrap_or(0);
    let at = |index: usize| offsets.get(index).copied().unwrap_or(total);
    let mark_start = at(start);
    let mark_end = at(end).max(mark_start + 1);

    if total <= MAX_WIDTH {
        return Excerpt {
            text: cells.iter().map(|cell| cell.text.as_str()).collect(),
            mark_start,
            mark_width: mark_end - mark_start,
        };
    }

    let window_start = mark_start
        .saturating_sub(LEFT_CONTEXT)
        .min(total.saturating_sub(MAX_WIDTH));
    let first = offsets
        .iter()
        .position(|&offset| offset >= window_start)
        .unwrap_or(count);
    let shown_start = at(first);
    let last = offsets
        .iter()
        .rposition(|&offset| offset <= shown_start + MAX_WIDTH)
        .unwrap_or(first)
        .max(first);
    let shown_end = at(last);
    let prefix = if first > 0 { ELLIPSIS } else { "" };
    let suffix = if last < count { ELLIPSIS } else { "" };
    let body: String = cells
        .get(first..last)
        .unwrap_or_default()
        .iter()
        .map(|cell| cell.text.as_str())
        .collect();
    let visible_mark_end = mark_end.min(shown_end.max(mark_start + 1));
    Excerpt {
        text: format!("{prefix}{body}{suffix}"),
        mark_start: mark_start - shown_start + prefix.len(),
        mark_width: visible_mark_end - mark_start,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn marks_the_span_in_a_plain_line() {
        let e = excerpt("  path: apps/api", 8, Some(16));
        assert_eq!((e.mark_start, e.mark_width), (8, 8));
        assert_eq!(e.text, "  path: apps/api");
    }

    #[test]
    fn tabs_expand_and_shift_the_mark() {
        let e = excerpt("\tkey: v", 6, Some(7));
        assert_eq!(e.text, "    key: v");
        assert_eq!((e.mark_start, e.mark_width), (9, 1));
    }

    #[test]
    fn wide_characters_take_two_cells() {
        let e = excerpt("名前: 値", 4, Some(5));
        assert_eq!((e.mark_start, e.mark_width), (6, 2));
    }

    #[test]
    fn empty_and_past_end_spans_get_one_cell_after_the_text() {
        assert_eq!(excerpt("abc", 1, Some(1)).mark_width, 1);
        let e = excerpt("abc", 10, Some(20));
        assert_eq!((e.mark_start, e.mark_width), (3, 1));
    }

    #[test]
    fn control_characters_are_replaced() {
        assert_eq!(excerpt("a\u{1b}[31mb", 0, None).text, "a\u{FFFD}[31mb");
    }

    #[test]
    fn long_lines_are_cut_around_the_mark() {
        let line = format!("{}TARGET{}", "x".repeat(300), "y".repeat(300));
        let e = excerpt(&line, 300, Some(306));
        assert!(
            e.text.starts_with("...") && e.text.ends_with("..."),
            "{}",
            e.text
        );
        assert_eq!(
            e.text.get(e.mark_start..e.mark_start + e.mark_width),
            Some("TARGET")
        );
        assert!(e.text.len() <= MAX_WIDTH + 6);
    }

    #[test]
    fn long_lines_keep_their_end_when_the_mark_is_near_it() {
        let line = "z".repeat(250);
        let e = excerpt(&line, 249, None);
        assert!(
            e.text.starts_with("...") && !e.text.ends_with("..."),
            "{}",
            e.text
        );
        assert_eq!(e.mark_start, e.text.len() - 1);
    }

    proptest! {
        #[test]
        fn any_line_and_span_gives_a_mark_inside_the_printed_width(
            line in "[a-z\t\u{0}-\u{1f}é名\u{301} ]{0,300}",
            start in 0usize..400,
            len in proptest::option::of(0usize..400),
        ) {
            let e = excerpt(&line, start, len.map(|l| start + l));
            let width: usize = e.text.chars().map(|c| c.width().unwrap_or(0)).sum();
            prop_assert!(e.mark_width >= 1, "the mark is visible");
            prop_assert!(e.mark_start <= width, "mark starts within or just after the text: {:?}", e);
            prop_assert!(e.mark_start + e.mark_width <= width.max(e.mark_start) + 2, "mark does not run far past the text: {:?}", e);
            prop_assert!(width <= MAX_WIDTH + 2 * ELLIPSIS.len() + 1, "cut lines stay narrow: {}", width);
        }
    }
}
