//! Where a finding is: a range in a source file.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A range in a source file.
///
/// Lines and columns are 1-based; columns count Unicode scalar values (as
/// editors and the YAML loader do). The start is inclusive and the end
/// exclusive, so a range with `end == start` is an insertion point.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Location {
    /// The path as reached from the user's PATH argument (relative when it was relative).
    pub file: String,
    /// 1-based line of the first character.
    pub line: u32,
    /// 1-based column of the first character.
    pub column: u32,
    /// 1-based line of the end position.
    pub end_line: u32,
    /// 1-based column just past the last character.
    pub end_column: u32,
}

impl Location {
    /// An insertion point (empty range) at `line:column`.
    pub fn point(file: impl Into<String>, line: u32, column: u32) -> Self {
        Self::span(file, line, column, line, column)
    }

    /// The range from `line:column` (inclusive) to `end_line:end_column` (exclusive).
    pub fn span(
        file: impl Into<String>,
        line: u32,
        column: u32,
        end_line: u32,
        end_column: u32,
    ) -> Self {
        Self {
            file: file.into(),
            line,
            column,
            end_line,
            end_column,
        }
    }

    /// The start of a file (1:1), for findings about a file as a whole.
    pub fn file_start(file: impl Into<String>) -> Self {
        Self::point(file, 1, 1)
    }

    /// The same location with lines and columns raised to at least 1 and the
    /// end moved up to the start when it lies before it.
    #[must_use]
    pub fn normalized(&self) -> Self {
        let line = self.line.max(1);
        let column = self.column.max(1);
        let end = (self.end_line.max(1), self.end_column.max(1));
        let (end_line, end_column) = if end < (line, column) {
            (line, column)
        } else {
            end
        };
        Self::span(self.file.clone(), line, column, end_line, end_column)
    }
}

impl fmt::Display for Location {
    /// `file:line:column`, the form terminals and editors turn into links.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// A path in the form findings report it: forward slashes, no leading
/// `./` segments, no trailing `/`; the working directory itself (`.`) is
/// the empty path, so files below it are reported without a prefix.
pub fn normalize_path(path: &str) -> String {
    let forward = path.replace('\\', "/");
    let mut rest = forward.as_str();
    while let Some(stripped) = rest.strip_prefix("./") {
        rest = stripped.trim_start_matches('/');
    }
    let rest = if rest.len() > 1 {
        rest.trim_end_matches('/')
    } else {
        rest
    };
    if rest == "." {
        String::new()
    } else {
        rest.to_owned()
    }
}

/// True when `path` is `root` or lies below it, both in the form
/// [`normalize_path`] gives (`""`, the working directory, holds every
/// relative path that does not leave it).
pub fn at_or_below(path: &str, root: &str) -> bool {
    if root.is_empty() {
        return !path.starts_with('/') && path != ".." && !path.starts_with("../");
    }
    path == root
        || path
            .strip_prefix(root)
            .is_some_and(|rest| rest.starts_with('/'))
}

/// A secondary location that explains a finding ("overridden here",
/// "first defined here").
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Related {
    /// Where the note points.
    pub location: Location,
    /// What the place has to do with the finding.
    pub message: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalized_clamps_to_one_based_and_orders_end_after_start() {
        let odd = Location::span("f", 0, 0, 0, 0).normalized();
        assert_eq!(
            (odd.line, odd.column, odd.end_line, odd.end_column),
            (1, 1, 1, 1)
        );
        let backwards = Location::span("f", 5, 9, 5, 2).normalized();
        assert_eq!((backwards.end_line, backwards.end_column), (5, 9));
    }

    #[test]
    fn paths_lose_dot_prefixes_trailing_slashes_and_backslashes() {
        assert_eq!(
            normalize_path(".\\svc\\.cicd\\dev.yaml"),
            "svc/.cicd/dev.yaml"
        );
        assert_eq!(normalize_path("././a/b.yaml"), "a/b.yaml");
        assert_eq!(normalize_path("./a/b/"), "a/b");
        assert_eq!(normalize_path("../a.yaml"), "../a.yaml");
        assert_eq!(normalize_path("."), "");
        assert_eq!(normalize_path("./"), "");
        assert_eq!(normalize_path("/"), "/");
        assert_eq!(normalize_path("/srv/repo/"), "/srv/repo");
    }

    #[test]
    fn the_working_directory_holds_relative_paths_that_stay_in_it() {
        assert!(at_or_below("services/orders", ""));
        assert!(at_or_below("", ""));
        assert!(!at_or_below("../gitops-config", ""));
        assert!(!at_or_below("..", ""));
        assert!(!at_or_below("/abs/gitops-config", ""));
        assert!(at_or_below("cfg/platform/base.yaml", "cfg"));
        assert!(at_or_below("cfg", "cfg"));
        assert!(!at_or_below("cfg-other/x", "cfg"));
        assert!(!at_or_below("cfg", "cfg/platform"));
    }

    #[test]
    fn displays_as_file_line_column() {
        assert_eq!(Location::point("a.yaml", 3, 7).to_string(), "a.yaml:3:7");
    }
}
