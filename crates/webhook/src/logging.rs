//! JSON logs. They name objects, users, rules and pointers, never object
//! bodies or secret data: messages of findings are not logged (a ConfigMap
//! finding's message could quote a key), only rule ids and JSON pointers.

use gg_admission::{Decision, Outcome, Request};
use gg_diagnostic::Severity;

/// Installs a JSON subscriber on stderr at `level` (`info`, `debug`, …).
/// Does nothing when one is installed already.
pub fn init_json(level: tracing::Level) {
    let _ = tracing_subscriber::fmt()
        .json()
        .with_max_level(level)
        .with_current_span(false)
        .with_writer(std::io::stderr)
        .try_init();
}

/// Logs one decision: `info` when there were findings or a denial, `debug`
/// otherwise (so a busy cluster's log shows what matters).
pub fn decision(request: &Request, decision: &Decision, seconds: f64) {
    let rules: Vec<&str> = decision.findings.iter().map(|f| f.rule.as_str()).collect();
    let errors = decision
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let skipped = match &decision.outcome {
        Outcome::Skipped(why) => why.as_str(),
        _ => "",
    };
    let duration_us = (seconds * 1e6) as u64;
    macro_rules! log {
        ($level:ident) => {
            tracing::$level!(
                target: "admission",
                uid = %request.uid,
                operation = ?request.operation,
                kind = %request.kind.kind,
                namespace = request.namespace.as_deref().unwrap_or_default(),
                name = %request.name,
                user = request.user_info.username.as_deref().unwrap_or_default(),
                dry_run = request.dry_run,
                mode = decision.mode.as_str(),
                outcome = decision.outcome.as_str(),
                skipped,
                errors,
                rules = ?rules,
                duration_us,
                "admission review"
            )
        };
    }
    if decision.findings.is_empty() {
        log!(debug);
    } else {
        log!(info);
    }
}
