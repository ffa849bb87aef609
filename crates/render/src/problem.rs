//! What is wrong with a rendered object, and the lint rule that reports it.

use gg_diagnostic::Rule;
use serde::{Serialize, Serializer};

/// A problem of a rendered object: a chart bug the values run into, an
/// API version the cluster no longer serves, or a part that does not read
/// back through the object's model. `lint` reports each one under its rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// The rule `lint` reports it under; `None` for a part of the object
    /// that does not read back through its model, which the value rules
    /// (`type-mismatch`, `unknown-key`, `env-value-not-string`, …) report at
    /// the values already.
    #[serde(serialize_with = "rule_id")]
    pub rule: Option<&'static Rule>,
    /// The values that cause it, as key segments (`["pdb", "apiVersion"]`),
    /// most specific first; `lint` points at the first one a values file
    /// sets. Serialised as dotted paths.
    #[serde(serialize_with = "dotted")]
    pub values: Vec<Vec<String>>,
    /// What is wrong, naming the chart release where it is the release's doing.
    pub message: String,
    /// What to do about it, when the renderer knows.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<String>,
}

impl Problem {
    /// A problem of `rule` that no value in particular causes.
    pub(crate) fn new(rule: &'static Rule, message: impl Into<String>) -> Self {
        Self::of(Some(rule), message)
    }

    /// A part of the object that does not read back through its model.
    pub(crate) fn unreadable(message: impl Into<String>) -> Self {
        Self::of(None, message)
    }

    /// A problem of `rule`, if any, that no value in particular causes.
    fn of(rule: Option<&'static Rule>, message: impl Into<String>) -> Self {
        Self {
            rule,
            values: Vec::new(),
            message: message.into(),
            fix: None,
        }
    }

    /// The problem with what to do about it.
    #[must_use]
    pub(crate) fn with_fix(mut self, fix: &str) -> Self {
        self.fix = Some(fix.to_owned());
        self
    }

    /// The problem, caused by the value at the dotted `path` (after those
    /// given before); for paths whose keys hold no dot.
    #[must_use]
    pub(crate) fn caused_by(self, path: &str) -> Self {
        self.caused_by_keys(path.split('.').map(str::to_owned).collect())
    }

    /// The problem, caused by the value at these keys (after those given before).
    #[must_use]
    pub(crate) fn caused_by_keys(mut self, keys: Vec<String>) -> Self {
        self.values.push(keys);
        self
    }
}

/// Serialises value paths as dotted paths.
fn dotted<S: Serializer>(paths: &[Vec<String>], serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_seq(paths.iter().map(|keys| keys.join(".")))
}

/// Serialises a rule as its id (`null` without one).
fn rule_id<S: Serializer>(rule: &Option<&'static Rule>, serializer: S) -> Result<S::Ok, S::Error> {
    match rule {
        Some(rule) => serializer.serialize_str(rule.id.as_str()),
        None => serializer.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gg_diagnostic::rules;

    #[test]
    fn a_problem_serialises_its_rule_as_the_id() {
        let problem = Problem::new(&rules::REMOVED_API_VERSION, "gone")
            .caused_by("pdb.apiVersion")
            .caused_by("pdb.enabled");
        assert_eq!(
            serde_json::to_value(&problem).ok(),
            Some(serde_json::json!({
                "rule": "removed-api-version",
                "values": ["pdb.apiVersion", "pdb.enabled"],
                "message": "gone"
            }))
        );
        assert_eq!(
            serde_json::to_value(Problem::unreadable("bad")).ok(),
            Some(serde_json::json!({"rule": null, "values": [], "message": "bad"}))
        );
    }
}
