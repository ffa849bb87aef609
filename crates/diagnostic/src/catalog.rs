//! The rule catalog: every rule registered by its page, `policies/rules/<id>.md`.
//!
//! The pages are embedded at build time (see `build.rs`), so `explain` works
//! the same in the CLI, the webhook and the browser.

use crate::rule::Rule;

/// One constant per rule, named after its id (`secret-path-denied` →
/// `SECRET_PATH_DENIED`), generated from the rule pages.
pub mod rules {
    use crate::rule::{Rule, Scope};
    use crate::rule_id::RuleId;
    use crate::severity::Severity;

    include!(concat!(env!("OUT_DIR"), "/rules.rs"));

    /// A page's text from its bytes, which the build read as UTF-8 (so the
    /// empty fallback is never taken).
    const fn page_text(bytes: &'static [u8]) -> &'static str {
        match core::str::from_utf8(bytes) {
            Ok(text) => text,
            Err(_) => "",
        }
    }
}

/// All rules, by id.
pub fn catalog() -> &'static [Rule] {
    rules::ALL
}

/// The rule with this id, if it exists.
pub fn rule(id: &str) -> Option<&'static Rule> {
    catalog().iter().find(|rule| rule.id.as_str() == id)
}

/// The closest rule id to a mistyped one, for "did you mean" hints.
pub fn closest_rule_id(id: &str) -> Option<&'static str> {
    catalog()
        .iter()
        .map(|rule| (rule.id.as_str(), strsim::levenshtein(id, rule.id.as_str())))
        .filter(|(_, distance)| *distance <= 3)
        .min_by_key(|(_, distance)| *distance)
        .map(|(known, _)| known)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Severity;

    #[test]
    fn pages_start_with_their_id_and_name_their_default_severity() {
        for rule in catalog() {
            assert!(
                rule.page.starts_with(&format!("# {}\n", rule.id)),
                "{}",
                rule.id
            );
            let line = format!("- Default severity: {}", rule.default_severity);
            assert!(
                rule.page.contains(&line),
                "{}: page must say `{line}`",
                rule.id
            );
            assert!(
                !rule.summary.is_empty() && rule.summary.len() <= 90,
                "{}: the summary is one short line",
                rule.id
            );
        }
    }

    #[test]
    fn every_page_describes_its_rule_and_names_are_distinct() {
        let mut names = std::collections::BTreeSet::new();
        for rule in catalog() {
            let description = rule.description();
            assert!(
                description != rule.summary && !description.starts_with('#'),
                "{}: the page needs a `## What it catches` section",
                rule.id
            );
            assert!(names.insert(rule.name()), "{}: name taken", rule.id);
        }
    }

    #[test]
    fn catalog_has_the_design_minimum_sorted_by_id() {
        assert!(catalog().len() >= 28);
        assert!(catalog().windows(2).all(|w| match w {
            [a, b] => a.id < b.id,
            _ => true,
        }));
        assert_eq!(rules::SECRET_PATH_DENIED.default_severity, Severity::Error);
        assert_eq!(
            rule("unknown-key").map(|r| r.default_severity),
            Some(Severity::Warning)
        );
        assert!(rule("no-such-rule").is_none());
    }

    #[test]
    fn closest_rule_id_suggests_typos_only() {
        assert_eq!(
            closest_rule_id("secret-path-denyed"),
            Some("secret-path-denied")
        );
        assert_eq!(closest_rule_id("completely-different"), None);
    }
}
