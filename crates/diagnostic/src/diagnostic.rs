//! The finding every producer emits and every report format renders.
//!
//! Messages and help text must not name the environment: identical findings
//! from several environments are folded into one by
//! [`merge_across_envs`](crate::merge_across_envs), and the environments
//! travel in [`Diagnostic::envs`] instead.

use serde::Serialize;

use crate::fix::Fix;
use crate::location::{Location, Related};
use crate::rule_id::RuleId;
use crate::severity::Severity;

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
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
    /// Where to make the change, when the finding is not at that place itself
    /// (a live object's finding names the `.cicd` files to edit).
    pub fix: Option<Fix>,
    /// Secondary locations that explain the finding.
    pub related: Vec<Related>,
}

impl Diagnostic {
    /// A finding with no environments, help, fix or related notes yet.
    /// Producers start from their rule instead: [`Rule::finding`](crate::Rule::finding).
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
            fix: None,
            related: Vec::new(),
        }
    }

    /// Sets the help text.
    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = help.into();
        self
    }

    /// Sets where to make the change.
    #[must_use]
    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fix = Some(fix);
        self
    }

    /// Sets the severity (for configured overrides and documented milder cases).
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
