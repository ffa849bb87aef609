//! Prometheus metrics: requests, decisions and findings by rule and mode, the
//! latency of a review, and the platform reloads.

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

use gg_admission::{Decision, Mode, Outcome};

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

/// Labels of a platform reload.
#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
struct ReloadLabels {
    /// `applied` (a changed platform is judged with now) or `rejected`
    /// (the changed files do not load; the last platform stays).
    result: String,
}

/// The webhook's metrics and their registry.
#[derive(Debug)]
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    decisions: Family<DecisionLabels, Counter>,
    findings: Family<FindingLabels, Counter>,
    latency: Histogram,
    reloads: Family<ReloadLabels, Counter>,
    stale: Gauge,
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
        let reloads = Family::<ReloadLabels, Counter>::default();
        let stale = Gauge::default();
        registry.register(
            "platform_reloads",
            "Changes of the platform files by result (applied, rejected: they do not load)",
            reloads.clone(),
        );
        registry.register(
            "platform_stale",
            "1 while the platform files do not load and the last platform that did is judged with",
            stale.clone(),
        );
        Self {
            registry,
            requests,
            decisions,
            findings,
            latency,
            reloads,
            stale,
        }
    }

    /// Counts a change of the platform files: `applied` or `rejected`.
    pub fn count_reload(&self, applied: bool) {
        let result = if applied { "applied" } else { "rejected" };
        self.reloads
            .get_or_create(&ReloadLabels {
                result: result.to_owned(),
            })
            .inc();
    }

    /// Whether the judged platform is older than its files (which do not load).
    pub fn set_platform_stale(&self, stale: bool) {
        self.stale.set(i64::from(stale));
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
        if dry_run || matches!(decision.outcome, Outcome::Skipped(_)) {
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
                Mode::Enforce if finding.severity == gg_diagnostic::Severity::Error => "deny",
                Mode::Audit => "audit",
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
