//! Unified diffs of an edit, for `--dry-run` and for review.

use similar::TextDiff;

/// The unified diff (3 lines of context) from `old` to `new`, with `path` in the
/// `---`/`+++` headers; empty when nothing changed.
pub fn unified_diff(path: &str, old: &str, new: &str) -> String {
    if old == new {
        return String::new();
    }
    TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_only_the_changed_line() {
        let diff = unified_diff(".cicd/dev.yaml", "a: 1\nb: 2\n", "a: 1\nb: 3\n");
        assert!(
            diff.starts_with("--- a/.cicd/dev.yaml\n+++ b/.cicd/dev.yaml\n"),
            "{diff}"
        );
        assert!(diff.contains("-b: 2\n+b: 3\n"), "{diff}");
        assert_eq!(unified_diff("x", "a", "a"), "");
    }
}
