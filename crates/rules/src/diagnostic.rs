//! The finding every rule produces and every report format renders.
//!
//! A [`Diagnostic`] carries what DESIGN §5 promises for each finding: rule id,
//! severity, file, 1-based line and column (with an exclusive end), the
//! environments it arises in, a message and help text with the fix.
//!
//! Messages and help text must not name the environment: identical findings
//! from several environments are folded into one by [`merge_across_envs`],
//! and the environments travel in [`Diagnostic::envs`] instead.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

/// How serious a finding is.
///
/// Ordered by seriousness: `Info < Warning < Error`, so `max()` picks the
/// most serious one and `severity >= Severity::Warning` reads naturally.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; never fails a run.
    Info,
    /// Likely wrong; fails a run only with `--deny-warnings`.
    Warning,
    /// Wrong; fails the run (exit code 1).
    Error,
}

impl Severity {
    /// The lowercase name used in every output format: `error`, `warning`, `info`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Info => "info",
            Self::Warning => "warning",
            Self::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The public, stable id of a rule, such as `secret-path-denied`.
///
/// Catalog entries are `const` ([`RuleId::from_static`]); ids read back from
/// JSON or configuration are owned strings. Both compare by text.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RuleId(Cow<'static, str>);

impl RuleId {
    /// A rule id from a string literal, usable in `const` items.
    pub const fn from_static(id: &'static str) -> Self {
        Self(Cow::Borrowed(id))
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&'static str> for RuleId {
    fn from(id: &'static str) -> Self {
        Self::from_static(id)
    }
}

impl From<String> for RuleId {
    fn from(id: String) -> Self {
        Self(Cow::Owned(id))
    }
}

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
        Self {
            file: file.into(),
            line,
            column,
            end_line: line,
            end_column: column,
        }
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
        Self {
            file: self.file.clone(),
            line,
            column,
            end_line,
            end_column,
        }
    }
}

impl fmt::Display for Location {
    /// `file:line:column`, the form terminals and editors turn into links.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
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

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Diagnostic {
    /// The rule that produced it.
    pub rule: RuleId,
    /// Its severity after configuration was applied.
    pub severity: Severity,
    /// Where to fix it: the value that won the merge, or the key that should
    /// change. Findings about a whole file point at its start.
    pub location: Location,
    /// The environments the finding arises in, in the platform's env order;
    /// empty when it is about a file itself.
    pub envs: Vec<String>,
    /// What is wrong, without naming the environment.
    pub message: String,
    /// How to fix it, without naming the environment; empty when the rule has nothing to add.
    pub help: String,
    /// Secondary locations that explain the finding.
    pub related: Vec<Related>,
}

impl Diagnostic {
    /// A finding with no environments, help or related notes yet.
    pub fn new(
        rule: impl Into<RuleId>,
        severity: Severity,
        location: Location,
        message: impl Into<String>,
    ) -> Self {
        Self {
            rule: rule.into(),
            severity,
            location,
            envs: Vec::new(),
            message: message.into(),
            help: String::new(),
            related: Vec::new(),
        }
    }

    /// A finding of `meta`'s rule at its default severity.
    pub fn from_rule(meta: &RuleMeta, location: Location, message: impl Into<String>) -> Self {
        Self::new(meta.id.clone(), meta.default_severity, location, message)
    }

    /// Sets the help text.
    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = help.into();
        self
    }

    /// Sets the severity (for configured overrides).
    #[must_use]
    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    /// Adds one environment, unless it is already listed.
    #[must_use]
    pub fn with_env(mut self, env: impl Into<String>) -> Self {
        let env = env.into();
        if !self.envs.contains(&env) {
            self.envs.push(env);
        }
        self
    }

    /// Adds several environments, skipping those already listed.
    #[must_use]
    pub fn with_envs<I, S>(self, envs: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        envs.into_iter().fold(self, Self::with_env)
    }

    /// Adds a related note.
    #[must_use]
    pub fn with_related(mut self, location: Location, message: impl Into<String>) -> Self {
        self.related.push(Related {
            location,
            message: message.into(),
        });
        self
    }
}

/// What a report needs to know about a rule (SARIF `tool.driver.rules`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleMeta {
    /// The stable public id.
    pub id: RuleId,
    /// The severity before configuration.
    pub default_severity: Severity,
    /// One line: what the rule catches.
    pub summary: &'static str,
    /// Markdown: what the rule checks, why it matters and how to fix a finding.
    pub help: &'static str,
}

/// Counts of a run: files checked and findings per severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Summary {
    /// Number of files checked.
    pub files: usize,
    /// Findings at error severity.
    pub errors: usize,
    /// Findings at warning severity.
    pub warnings: usize,
    /// Findings at info severity.
    pub infos: usize,
}

impl Summary {
    /// Counts `diagnostics` by severity for a run over `files` files.
    pub fn new(diagnostics: &[Diagnostic], files: usize) -> Self {
        let count = |severity| {
            diagnostics
                .iter()
                .filter(|d| d.severity == severity)
                .count()
        };
        Self {
            files,
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
            infos: count(Severity::Info),
        }
    }

    /// Whether any finding is an error (exit code 1).
    pub const fn has_errors(&self) -> bool {
        self.errors > 0
    }
}

/// The order reports list findings in: file, line, column, rule, message,
/// then every remaining field so that the order is total and deterministic.
pub fn report_order(a: &Diagnostic, b: &Diagnostic) -> Ordering {
    order_key(a)
        .cmp(&order_key(b))
        .then_with(|| b.severity.cmp(&a.severity))
        .then_with(|| a.location.cmp(&b.location))
        .then_with(|| a.envs.cmp(&b.envs))
        .then_with(|| a.help.cmp(&b.help))
        .then_with(|| a.related.cmp(&b.related))
}

/// The leading part of [`report_order`].
fn order_key(d: &Diagnostic) -> (&str, u32, u32, &str, &str) {
    (
        d.location.file.as_str(),
        d.location.line,
        d.location.column,
        d.rule.as_str(),
        d.message.as_str(),
    )
}

/// Sorts findings into [`report_order`].
pub fn sort_diagnostics(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(report_order);
}

/// Folds findings that differ only in their environments into one.
///
/// Findings with the same rule, severity, location, message and help become
/// one diagnostic whose `envs` is the union, ordered as in `env_order`
/// (environments missing from it come last, alphabetically). Related notes
/// are united in first-seen order. The result keeps the order in which each
/// finding first appeared.
pub fn merge_across_envs<S: AsRef<str>>(
    diagnostics: Vec<Diagnostic>,
    env_order: &[S],
) -> Vec<Diagnostic> {
    type Key = (RuleId, Severity, Location, String, String);
    let mut merged: Vec<Diagnostic> = Vec::with_capacity(diagnostics.len());
    let mut index_of: BTreeMap<Key, usize> = BTreeMap::new();
    for diagnostic in diagnostics {
        let key: Key = (
            diagnostic.rule.clone(),
            diagnostic.severity,
            diagnostic.location.clone(),
            diagnostic.message.clone(),
            diagnostic.help.clone(),
        );
        match index_of.get(&key).and_then(|&i| merged.get_mut(i)) {
            Some(existing) => absorb(existing, diagnostic),
            None => {
                index_of.insert(key, merged.len());
                merged.push(diagnostic);
            }
        }
    }
    for diagnostic in &mut merged {
        sort_envs(&mut diagnostic.envs, env_order);
    }
    merged
}

/// Adds `other`'s environments and related notes to `target`.
fn absorb(target: &mut Diagnostic, other: Diagnostic) {
    for env in other.envs {
        if !target.envs.contains(&env) {
            target.envs.push(env);
        }
    }
    for note in other.related {
        if !target.related.contains(&note) {
            target.related.push(note);
        }
    }
}

/// Orders `envs` by their position in `env_order`; unknown ones last, by name.
fn sort_envs<S: AsRef<str>>(envs: &mut [String], env_order: &[S]) {
    let rank = |env: &String| {
        env_order
            .iter()
            .position(|known| known.as_ref() == env)
            .unwrap_or(usize::MAX)
    };
    envs.sort_by(|a, b| rank(a).cmp(&rank(b)).then_with(|| a.cmp(b)));
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const DENIED: RuleId = RuleId::from_static("secret-path-denied");

    fn finding(env: &str, line: u32) -> Diagnostic {
        Diagnostic::new(
            DENIED,
            Severity::Error,
            Location::span("svc/.cicd/default.yaml", line, 7, line, 19),
            "path `apps/api` is not readable",
        )
        .with_help("use a path under the namespace")
        .with_env(env)
    }

    #[test]
    fn severity_orders_by_seriousness_and_serializes_lowercase() {
        assert!(Severity::Error > Severity::Warning && Severity::Warning > Severity::Info);
        assert_eq!(
            serde_json::to_string(&Severity::Warning).unwrap(),
            "\"warning\""
        );
        let back: Severity = serde_json::from_str("\"info\"").unwrap();
        assert_eq!(back, Severity::Info);
    }

    #[test]
    fn rule_ids_compare_by_text_whether_static_or_owned() {
        assert_eq!(DENIED, RuleId::from(String::from("secret-path-denied")));
        assert_eq!(
            serde_json::to_string(&DENIED).unwrap(),
            "\"secret-path-denied\""
        );
    }

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
    fn merge_unites_envs_in_platform_order() {
        let merged = merge_across_envs(
            vec![finding("prod", 3), finding("dev", 3), finding("staging", 3)],
            &["dev", "staging", "prod"],
        );
        assert_eq!(merged.len(), 1);
        assert_eq!(merged[0].envs, ["dev", "staging", "prod"]);
    }

    #[test]
    fn merge_keeps_findings_at_different_places_apart() {
        let merged = merge_across_envs(
            vec![finding("dev", 3), finding("prod", 4)],
            &["dev", "prod"],
        );
        assert_eq!(merged.len(), 2);
        assert_eq!(merged[0].envs, ["dev"]);
    }

    #[test]
    fn merge_puts_unknown_envs_last_by_name() {
        let merged = merge_across_envs(
            vec![finding("zeta", 1), finding("alpha", 1), finding("dev", 1)],
            &["dev"],
        );
        assert_eq!(merged[0].envs, ["dev", "alpha", "zeta"]);
    }

    #[test]
    fn summary_counts_by_severity() {
        let diagnostics = [
            finding("dev", 1),
            finding("dev", 2).with_severity(Severity::Warning),
            finding("dev", 3).with_severity(Severity::Info),
        ];
        let summary = Summary::new(&diagnostics, 4);
        assert_eq!(
            summary,
            Summary {
                files: 4,
                errors: 1,
                warnings: 1,
                infos: 1
            }
        );
        assert!(summary.has_errors());
    }

    #[test]
    fn report_order_is_file_line_column_rule_message() {
        let mut diagnostics = vec![
            finding("dev", 9),
            Diagnostic::new(
                "dns-label",
                Severity::Error,
                Location::point("a.yaml", 9, 1),
                "x",
            ),
            finding("dev", 2),
        ];
        sort_diagnostics(&mut diagnostics);
        let lines: Vec<_> = diagnostics
            .iter()
            .map(|d| (d.location.file.as_str(), d.location.line))
            .collect();
        assert_eq!(
            lines,
            [
                ("a.yaml", 9),
                ("svc/.cicd/default.yaml", 2),
                ("svc/.cicd/default.yaml", 9)
            ]
        );
    }

    const ENVS: [&str; 3] = ["dev", "staging", "prod"];

    fn arb_finding() -> impl Strategy<Value = Diagnostic> {
        (0..3usize, 1..4u32, 0..2usize).prop_map(|(env, line, rule)| {
            let rule = ["dns-label", "image-missing"]
                .get(rule)
                .copied()
                .unwrap_or("dns-label");
            Diagnostic::new(
                rule,
                Severity::Error,
                Location::point("f.yaml", line, 1),
                "m",
            )
            .with_env(ENVS.get(env).copied().unwrap_or("dev"))
        })
    }

    proptest! {
        #[test]
        fn merge_is_idempotent_and_loses_no_env(input in proptest::collection::vec(arb_finding(), 0..20)) {
            let merged = merge_across_envs(input.clone(), &ENVS);
            prop_assert_eq!(merge_across_envs(merged.clone(), &ENVS), merged.clone(), "merging twice changes nothing");
            for original in &input {
                let home = merged.iter().find(|m| m.rule == original.rule && m.location == original.location);
                prop_assert!(
                    home.is_some_and(|m| original.envs.iter().all(|e| m.envs.contains(e))),
                    "every env of {:?} survives the merge", original
                );
            }
            for m in &merged {
                let ranks: Vec<_> = m.envs.iter().map(|e| ENVS.iter().position(|k| k == e)).collect();
                prop_assert!(ranks.windows(2).all(|w| w[0] < w[1]), "envs follow the platform order: {:?}", m.envs);
            }
        }
    }
}
