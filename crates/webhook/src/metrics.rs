//! Prometheus metrics: requests, decisions and findings by rule and mode, and
//! the latency of a review.

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

use crate::judge::Decision;

/// Labels of a handled request.
#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
struct RequestLabels {
    /// `allowed`, `denied`, `skipped`, `invalid`, `unavailable`.
    outcome: String,
}

/// Labels of a judged request.
#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
struct DecisionLabels {
    mode: String,
    decision: String,
    kind: String,
}

/// Labels of one finding.
#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
struct FindingLabels {
    rule: String,
    mode: String,
    /// What the finding did: `deny`, `warn` or `audit` (logged only).
    action: String,
}

/// The webhook's metrics and their registry.
#[derive(Debug)]
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    decisions: Family<DecisionLabels, Counter>,
    findings: Family<FindingLabels, Counter>,
    latency: Histogram,
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    /// Registers every metric under the `gitops_guard_admission` prefix.
    pub fn new() -> Self {
        let mut registry = Registry::with_prefix("gitops_guard_admission");
        let requests = Family::<RequestLabels, Counter>::default();
        let decisions = Family::<DecisionLabels, Counter>::default();
        let findings = Family::<FindingLabels, Counter>::default();
        // 25 µs … ~3.3 s
        let latency = Histogram::new(exponential_buckets(0.000_025, 2.0, 18));
        registry.register(
            "requests",
            "Admission requests by outcome (allowed, denied, skipped, invalid, unavailable)",
            requests.clone(),
        );
        registry.register(
            "decisions",
            "Judged requests by mode, decision and kind (dry-run requests are not counted)",
            decisions.clone(),
        );
        registry.register(
            "findings",
            "Findings by rule, mode and action (deny, warn, audit)",
            findings.clone(),
        );
        registry.register(
            "review_duration_seconds",
            "Time from the full request body to the encoded response",
            latency.clone(),
        );
        Self {
            registry,
            requests,
            decisions,
            findings,
            latency,
        }
    }

    /// Counts a request by outcome (`allowed`, `denied`, `skipped`, or `invalid`
    /// and `unavailable` for requests that got no decision).
    pub fn count_request(&self, outcome: &str) {
        self.requests
            .get_or_create(&RequestLabels {
                outcome: outcome.to_owned(),
            })
            .inc();
    }

    /// Records one decision; a dry run only counts as a request.
    pub fn record(&self, decision: &Decision, kind: &str, dry_run: bool, seconds: f64) {
        self.count_request(decision.outcome.as_str());
        self.latency.observe(seconds);
        if dry_run || matches!(decision.outcome, crate::judge::Outcome::Skipped(_)) {
            return;
        }
        let mode = decision.mode.as_str();
        self.decisions
            .get_or_create(&DecisionLabels {
                mode: mode.to_owned(),
                decision: decision.outcome.as_str().to_owned(),
                kind: kind.to_owned(),
            })
            .inc();
        for finding in &decision.findings {
            let action = match decision.mode {
                crate::Mode::Enforce if finding.severity == gg_diagnostic::Severity::Error => {
                    "deny"
                }
                crate::Mode::Audit => "audit",
                _ => "warn",
            };
            self.findings
                .get_or_create(&FindingLabels {
                    rule: finding.rule.as_str().to_owned(),
                    mode: mode.to_owned(),
                    action: action.to_owned(),
                })
                .inc();
        }
    }

    /// The metrics in the Prometheus text format.
    pub fn encode(&self) -> String {
        let mut text = String::new();
        // Writing into a String cannot fail.
        let _ = prometheus_client::encoding::text::encode(&mut text, &self.registry);
        text
    }
}
