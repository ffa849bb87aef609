//! Inline suppressions: `# gitops-guard: ignore RULE[, RULE…] -- reason`.
//!
//! A suppression written at the end of a line silences the named rules on that
//! line; written on a line of its own it silences them on the next line. A
//! suppression that silences nothing is itself reported, so stale ones do not pile up.

use gg_diagnostic::{Diagnostic, Location, rules};

/// The marker that starts a suppression inside a comment.
const MARKER: &str = "gitops-guard:";

/// One `gitops-guard: ignore …` comment found in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    /// Where the comment starts.
    pub location: Location,
    /// The line whose findings it silences.
    pub target_line: u32,
    /// The rule ids it names.
    pub rules: Vec<String>,
    /// The text after `--`, if given.
    pub reason: Option<String>,
}

/// Finds every suppression comment in `text` (a YAML or HCL file named `file`).
pub fn parse_suppressions(file: &str, text: &str) -> Vec<Suppression> {
    // Most files have none: one substring search instead of a parse per line.
    if !text.contains(MARKER) {
        return Vec::new();
    }
    text.lines()
        .zip(1u32..)
        .filter_map(|(line_text, line)| parse_line(file, line_text, line))
        .collect()
}

fn parse_line(file: &str, line_text: &str, line: u32) -> Option<Suppression> {
    let comment_start = comment_start(line_text)?;
    let comment = line_text.get(comment_start..)?;
    let body = comment
        .trim_start_matches(['#', '/'])
        .trim_start()
        .strip_prefix(MARKER)?
        .trim_start()
        .strip_prefix("ignore")?;
    let (rules_text, reason) = match body.split_once("--") {
        Some((rules, reason)) => (rules, Some(reason.trim().to_owned())),
        None => (body, None),
    };
    let rules: Vec<String> = rules_text
        .split([',', ' ', '\t'])
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(str::to_owned)
        .collect();
    if rules.is_empty() {
        return None;
    }
    let own_line = line_text
        .get(..comment_start)
        .is_some_and(|code| code.trim().is_empty());
    let column = u32::try_from(line_text.get(..comment_start)?.chars().count() + 1).ok()?;
    Some(Suppression {
        location: Location::point(file, line, column),
        target_line: if own_line {
            line.saturating_add(1)
        } else {
            line
        },
        rules,
        reason: reason.filter(|r| !r.is_empty()),
    })
}

/// Byte offset of the comment that carries the marker (`#` or `//`), if any.
fn comment_start(line_text: &str) -> Option<usize> {
    let marker_at = line_text.find(MARKER)?;
    let before = line_text.get(..marker_at)?.trim_end();
    if before.ends_with('#') {
        Some(before.len() - 1)
    } else if before.ends_with("//") {
        Some(before.len() - 2)
    } else {
        None
    }
}

/// Removes the diagnostics that a suppression silences and returns, in addition,
/// one `unused-suppression` warning for each suppression that silenced nothing.
pub fn apply_suppressions(
    diagnostics: Vec<Diagnostic>,
    suppressions: &[Suppression],
) -> Vec<Diagnostic> {
    let mut used = vec![false; suppressions.len()];
    let mut kept: Vec<Diagnostic> = diagnostics
        .into_iter()
        .filter(|d| {
            let hit = suppressions.iter().position(|s| silences(s, d));
            if let Some(slot) = hit.and_then(|i| used.get_mut(i)) {
                *slot = true;
            }
            hit.is_none()
        })
        .collect();
    kept.extend(
        suppressions
            .iter()
            .zip(&used)
            .filter(|(_, used)| !**used)
            .map(|(s, _)| unused(s)),
    );
    kept
}

fn silences(suppression: &Suppression, diagnostic: &Diagnostic) -> bool {
    diagnostic.location.file == suppression.location.file
        && diagnostic.location.line == suppression.target_line
        && suppression
            .rules
            .iter()
            .any(|r| r == diagnostic.rule.as_str())
}

fn unused(suppression: &Suppression) -> Diagnostic {
    rules::UNUSED_SUPPRESSION.finding(
        suppression.location.clone(),
        format!(
            "this suppression of {} silences nothing on line {}",
            suppression.rules.join(", "),
            suppression.target_line
        ),
    )
    .with_help(
        "remove the comment, or move it to the line that has the finding (or the line above it)",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diag(rule: &'static str, line: u32) -> Diagnostic {
        Diagnostic::new(
            rule,
            gg_diagnostic::Severity::Error,
            Location::point("f.yaml", line, 3),
            "m",
        )
    }

    #[test]
    fn trailing_comment_targets_its_own_line() {
        let s = parse_suppressions(
            "f.yaml",
            "a: 1\nreplicaCount: 2 # gitops-guard: ignore unknown-key -- legacy chart\n",
        );
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].target_line, 2);
        assert_eq!(s[0].rules, vec!["unknown-key"]);
        assert_eq!(s[0].reason.as_deref(), Some("legacy chart"));
        assert_eq!(s[0].location.column, 17);
    }

    #[test]
    fn own_line_comment_targets_the_next_line_and_takes_several_rules() {
        let s = parse_suppressions(
            "f.yaml",
            "  # gitops-guard: ignore secret-path-denied, secret-path-wrong-env\n  X: y\n",
        );
        assert_eq!(s[0].target_line, 2);
        assert_eq!(
            s[0].rules,
            vec!["secret-path-denied", "secret-path-wrong-env"]
        );
        assert_eq!(s[0].reason, None);
    }

    #[test]
    fn hcl_double_slash_comments_count() {
        let s = parse_suppressions(
            "p.hcl",
            "// gitops-guard: ignore vault-glob-invalid -- ok\n",
        );
        assert_eq!(s[0].rules, vec!["vault-glob-invalid"]);
    }

    #[test]
    fn marker_outside_a_comment_or_without_rules_is_not_a_suppression() {
        assert!(parse_suppressions("f", "note: \"gitops-guard: ignore x\"\n").is_empty());
        assert!(parse_suppressions("f", "# gitops-guard: ignore -- why\n").is_empty());
        assert!(parse_suppressions("f", "# gitops-guard: check x\n").is_empty());
    }

    #[test]
    fn applies_to_matching_rule_and_line_only_and_reports_unused() {
        let sups = parse_suppressions(
            "f.yaml",
            "# gitops-guard: ignore unknown-key\nx: 1\ny: 2 # gitops-guard: ignore dns-label\n",
        );
        let out = apply_suppressions(
            vec![
                diag("unknown-key", 2),
                diag("type-mismatch", 2),
                diag("unknown-key", 3),
            ],
            &sups,
        );
        let rules: Vec<_> = out
            .iter()
            .map(|d| (d.rule.as_str(), d.location.line))
            .collect();
        assert_eq!(
            rules,
            vec![
                ("type-mismatch", 2),
                ("unknown-key", 3),
                ("unused-suppression", 3)
            ]
        );
    }

    #[test]
    fn a_suppression_in_another_file_does_not_apply() {
        let sups = parse_suppressions("g.yaml", "x: 1 # gitops-guard: ignore unknown-key\n");
        let out = apply_suppressions(vec![diag("unknown-key", 1)], &sups);
        assert_eq!(out.len(), 2);
    }
}
