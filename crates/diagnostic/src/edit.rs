//! A machine-applicable change to one file: whole lines replaced by new
//! text (empty to delete them), so a fix can be applied without a YAML
//! writer and checked by applying it.

use serde::{Deserialize, Serialize};

/// Replace lines `first_line..=last_line` (1-based) of `file` with `text`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Edit {
    /// The file to change, as findings name it.
    pub file: String,
    /// The first line replaced (1-based).
    pub first_line: u32,
    /// The last line replaced (inclusive).
    pub last_line: u32,
    /// The new lines, each ending in a newline; empty deletes the lines.
    pub text: String,
}

impl Edit {
    /// An edit deleting lines `first_line..=last_line` of `file`.
    pub fn delete_lines(file: impl Into<String>, first_line: u32, last_line: u32) -> Self {
        Self {
            file: file.into(),
            first_line,
            last_line,
            text: String::new(),
        }
    }

    /// `source` with the edit applied; `None` when its lines are not in `source`.
    pub fn apply(&self, source: &str) -> Option<String> {
        let lines: Vec<&str> = source.split_inclusive('\n').collect();
        let first = usize::try_from(self.first_line).ok()?.checked_sub(1)?;
        let last = usize::try_from(self.last_line).ok()?;
        if first >= last || last > lines.len() {
            return None;
        }
        let mut out = String::with_capacity(source.len());
        out.extend(lines.get(..first)?.iter().copied());
        out.push_str(&self.text);
        out.extend(lines.get(last..)?.iter().copied());
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deletes_and_replaces_whole_lines() {
        let source = "a: 1\nb:\n  - x\nc: 3";
        assert_eq!(
            Edit::delete_lines("f", 2, 3).apply(source).as_deref(),
            Some("a: 1\nc: 3")
        );
        let replace = Edit {
            text: "c: 4\n".into(),
            ..Edit::delete_lines("f", 4, 4)
        };
        assert_eq!(
            replace.apply(source).as_deref(),
            Some("a: 1\nb:\n  - x\nc: 4\n")
        );
    }

    #[test]
    fn lines_outside_the_source_are_refused() {
        assert_eq!(Edit::delete_lines("f", 3, 3).apply("a: 1\n"), None);
        assert_eq!(Edit::delete_lines("f", 0, 1).apply("a: 1\n"), None);
        assert_eq!(Edit::delete_lines("f", 2, 1).apply("a: 1\nb: 2\n"), None);
    }
}
