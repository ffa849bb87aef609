//! The order reports list findings in, and the fold of findings that differ
//! only in their environments.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use crate::diagnostic::Diagnostic;
use crate::location::Location;
use crate::rule_id::RuleId;
use crate::severity::Severity;

/// The order reports list findings in: file, line, column, rule, message,
/// then every remaining field so that the order is total and deterministic.
pub fn report_order(a: &Diagnostic, b: &Diagnostic) -> Ordering {
    order_key(a)
        .cmp(&order_key(b))
        .then_with(|| b.severity.cmp(&a.severity))
        .then_with(|| a.location.cmp(&b.location))
        .then_with(|| a.envs.cmp(&b.envs))
        .then_with(|| a.help.cmp(&b.help))
        .then_with(|| a.fix.cmp(&b.fix))
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
    gg_sort::sort_by(diagnostics, report_order);
}

/// Folds findings that differ only in their environments into one.
///
/// Findings with the same rule, severity, location and message become one
/// diagnostic whose `envs` is the union, ordered as in `env_order`
/// (environments missing from it come last, alphabetically); the help of the
/// first is kept. Related notes are united in first-seen order. The result
/// keeps the order in which each finding first appeared.
pub fn merge_across_envs<S: AsRef<str>>(
    diagnostics: Vec<Diagnostic>,
    env_order: &[S],
) -> Vec<Diagnostic> {
    type Key = (RuleId, Severity, Location, String);
    let mut merged: Vec<Diagnostic> = Vec::with_capacity(diagnostics.len());
    let mut index_of: BTreeMap<Key, usize> = BTreeMap::new();
    for diagnostic in diagnostics {
        let key: Key = (
            diagnostic.rule,
            diagnostic.severity,
            diagnostic.location.clone(),
            diagnostic.message.clone(),
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
    gg_sort::sort_by(envs, |a, b| rank(a).cmp(&rank(b)).then_with(|| a.cmp(b)));
}

#[cfg(test)]
mod tests {
    #![allow(clippy::indexing_slicing)]

    use super::*;
    use proptest::prelude::*;

    fn finding(env: &str, line: u32) -> Diagnostic {
        Diagnostic::new(
            "secret-path-denied",
            Severity::Error,
            Location::span("svc/.cicd/default.yaml", line, 7, line, 19),
            "path `apps/api` is not readable",
        )
        .with_help("use a path under the namespace")
        .with_env(env)
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
    fn merge_ignores_help_that_differs_by_environment() {
        let dev = finding("dev", 7).with_help("use the dev policy");
        let prod = finding("prod", 7).with_help("use the prod policy");
        let merged = merge_across_envs(vec![dev, prod], &["dev", "prod"]);
        assert_eq!(merged.len(), 1);
        assert_eq!(merged[0].envs, ["dev", "prod"]);
        assert_eq!(merged[0].help, "use the dev policy");
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
