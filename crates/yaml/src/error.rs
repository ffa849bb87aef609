//! The crate's error: what went wrong, where, and a rustc-style snippet.

use std::fmt::Write as _;

use serde::Serialize;

use crate::node::Pos;

/// Characters of the offending line kept on each side of the column.
const EXCERPT_RADIUS: usize = 80;

/// What kind of problem stopped loading.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ErrorKind {
    /// The input is larger than [`crate::Limits::max_bytes`].
    TooLarge,
    /// The input bytes are not UTF-8.
    InvalidUtf8,
    /// A NUL or other control character that YAML does not allow.
    ControlCharacter,
    /// The YAML parser rejected the text.
    Syntax,
    /// Nesting deeper than [`crate::Limits::max_depth`].
    TooDeep,
    /// More nodes than [`crate::Limits::max_nodes`].
    TooManyNodes,
    /// Aliases or merges beyond [`crate::Limits::max_aliases`] /
    /// [`crate::Limits::max_alias_nodes`] (e.g. "billion laughs").
    AliasLimit,
    /// A key written twice in one mapping.
    DuplicateKey,
    /// A key Helm cannot use (a mapping, a sequence or null).
    InvalidKey,
    /// An unrendered `{{ … }}` template placeholder.
    Placeholder,
    /// An explicit tag that does not fit its value (`!!int abc`).
    TagMismatch,
    /// A `<<` merge whose value is not a mapping or a sequence of mappings.
    InvalidMerge,
    /// A value JSON cannot hold (`.inf`, `.nan`); Helm fails on it.
    NotJson,
    /// A values file whose top level is not a mapping.
    NotAMapping,
}

/// A loading error with the file, position and offending line.
///
/// `Display` gives `file:line:column: message`; [`YamlError::snippet`] adds the
/// source line with a caret under the column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{file}:{}:{}: {message}", pos.line, pos.column)]
pub struct YamlError {
    /// Display name of the file, as given by the caller.
    pub file: String,
    /// What went wrong.
    pub kind: ErrorKind,
    /// Where: 1-based line and column (characters) and byte offset.
    pub pos: Pos,
    /// A precise, human-readable explanation.
    pub message: String,
    /// The offending line (an excerpt around the column for very long lines).
    excerpt: String,
    /// 0-based character index of the column inside `excerpt`.
    caret: usize,
}

impl YamlError {
    /// Creates an error at `pos`; `line` is the full source line holding it.
    pub fn new(
        file: &str,
        kind: ErrorKind,
        pos: Pos,
        message: impl Into<String>,
        line: &str,
    ) -> Self {
        let column = usize::try_from(pos.column)
            .unwrap_or(usize::MAX)
            .saturating_sub(1);
        let skip = column.saturating_sub(EXCERPT_RADIUS);
        let mut excerpt: String = line.chars().skip(skip).take(2 * EXCERPT_RADIUS).collect();
        let mut caret = column - skip;
        if skip > 0 {
            excerpt.insert(0, '…');
            caret += 1;
        }
        if line.chars().count() > skip + 2 * EXCERPT_RADIUS {
            excerpt.push('…');
        }
        Self {
            file: file.to_owned(),
            kind,
            pos,
            message: message.into(),
            excerpt,
            caret,
        }
    }

    /// 1-based line.
    pub fn line(&self) -> u32 {
        self.pos.line
    }

    /// 1-based column, in characters.
    pub fn column(&self) -> u32 {
        self.pos.column
    }

    /// The error rendered rustc-style: message, location, the line and a caret.
    ///
    /// ```text
    /// error: duplicate key `image` (first defined on line 2)
    ///  --> values.yaml:5:1
    ///   |
    /// 5 | image:
    ///   | ^
    /// ```
    pub fn snippet(&self) -> String {
        let number = self.pos.line.to_string();
        let gutter = " ".repeat(number.len());
        // Keep tabs so the caret lines up under the same column in a terminal.
        let pad: String = self
            .excerpt
            .chars()
            .take(self.caret)
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        let mut out = String::new();
        let _ = writeln!(out, "error: {}", self.message);
        let _ = writeln!(
            out,
            "{gutter}--> {}:{}:{}",
            self.file, self.pos.line, self.pos.column
        );
        let _ = writeln!(out, "{gutter} |");
        let _ = writeln!(out, "{number} | {}", self.excerpt);
        let _ = write!(out, "{gutter} | {pad}^");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippet_points_at_the_column() {
        let pos = Pos {
            line: 12,
            column: 6,
            offset: 0,
        };
        let error = YamlError::new(
            "dev.yaml",
            ErrorKind::Syntax,
            pos,
            "bad thing",
            "key: \tvalue",
        );
        assert_eq!(error.to_string(), "dev.yaml:12:6: bad thing");
        assert_eq!(
            error.snippet(),
            "error: bad thing\n  --> dev.yaml:12:6\n   |\n12 | key: \tvalue\n   |      ^"
        );
    }

    #[test]
    fn long_lines_are_cut_around_the_column() {
        let line = "x".repeat(1000);
        let pos = Pos {
            line: 1,
            column: 500,
            offset: 499,
        };
        let error = YamlError::new("f", ErrorKind::Syntax, pos, "m", &line);
        let snippet = error.snippet();
        let lines: Vec<&str> = snippet.lines().collect();
        let code = lines.get(3).copied().unwrap_or_default();
        let caret = lines.get(4).copied().unwrap_or_default();
        assert!(
            code.chars().count() < 200,
            "excerpt too long: {}",
            code.len()
        );
        assert_eq!(caret.chars().count(), "  | ".len() + 81 + 1, "{snippet}");
    }
}
