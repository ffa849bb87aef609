//! From an admission request to a decision: which objects are judged, which
//! findings deny and which warn, in which mode. Pure: no IO, no clocks.

use std::collections::BTreeMap;

use gg_diagnostic::{Diagnostic, Severity};
use gg_rules::json::JsonTree;
use gg_rules::objects::{LiveObject, ObjectContext, check_object, is_judged};
use kube_core::admission::{AdmissionRequest, AdmissionResponse, Operation};

use crate::denial::denial;
use crate::mode::Mode;
use crate::object::AdmittedObject;
use crate::warnings;

/// Who and what the server lets through without judging.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Exemptions {
    /// User names (`system:serviceaccount:ns:name` for service accounts); a
    /// trailing `*` matches any suffix (`system:serviceaccount:kube-system:*`).
    pub users: Vec<String>,
}

impl Exemptions {
    /// True when `user` is exempt.
    pub fn covers(&self, user: &str) -> bool {
        self.users
            .iter()
            .any(|pattern| match pattern.strip_suffix('*') {
                Some(prefix) => user.starts_with(prefix),
                None => user == pattern,
            })
    }
}

/// Why a request was let through without being judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Skip {
    /// DELETE and CONNECT are never judged.
    Operation,
    /// The user is exempt.
    ExemptUser,
    /// Not a kind the webhook judges, outside the platform namespaces, or
    /// owned by a controller.
    NotJudged,
}

impl Skip {
    /// The metric label.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Operation => "operation",
            Self::ExemptUser => "exempt_user",
            Self::NotJudged => "not_judged",
        }
    }
}

/// The outcome of one review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Let through unjudged.
    Skipped(Skip),
    /// Judged and allowed (possibly with warnings).
    Allowed,
    /// Judged and denied.
    Denied,
}

impl Outcome {
    /// The metric label.
    pub const fn as_str(&self) -> &'static str {
        match self {
            Self::Skipped(_) => "skipped",
            Self::Allowed => "allowed",
            Self::Denied => "denied",
        }
    }
}

/// What to answer and what to record.
#[derive(Debug, Clone)]
pub struct Decision {
    /// The response (same uid as the request).
    pub response: AdmissionResponse,
    /// Allowed, denied or skipped.
    pub outcome: Outcome,
    /// The mode the request was judged in.
    pub mode: Mode,
    /// The findings, in the order the checks produced them.
    pub findings: Vec<Diagnostic>,
}

/// An empty label map for objects without labels.
static NO_LABELS: BTreeMap<String, String> = BTreeMap::new();

/// Judges one request in `mode` (the server's mode, already lowered by the
/// namespace's). Dry-run requests are judged like any other; recording them is
/// the caller's business.
pub fn judge<J: JsonTree>(
    ctx: &ObjectContext<'_>,
    exemptions: &Exemptions,
    mode: Mode,
    request: &AdmissionRequest<AdmittedObject<J>>,
) -> Decision {
    let response = AdmissionResponse::from(request);
    let skip = |why| Decision {
        response: response.clone(),
        outcome: Outcome::Skipped(why),
        mode,
        findings: Vec::new(),
    };
    if matches!(request.operation, Operation::Delete | Operation::Connect) {
        return skip(Skip::Operation);
    }
    if request
        .user_info
        .username
        .as_deref()
        .is_some_and(|user| exemptions.covers(user))
    {
        return skip(Skip::ExemptUser);
    }
    let Some(object) = &request.object else {
        return skip(Skip::NotJudged);
    };
    let meta = &object.metadata;
    let live = LiveObject {
        group: &request.kind.group,
        kind: &request.kind.kind,
        namespace: request
            .namespace
            .as_deref()
            .or(meta.namespace.as_deref())
            .unwrap_or_default(),
        name: meta.name.as_deref().unwrap_or(&request.name),
        labels: meta.labels.as_ref().unwrap_or(&NO_LABELS),
        controlled: meta
            .owner_references
            .iter()
            .flatten()
            .any(|owner| owner.controller == Some(true)),
        body: &object.body,
    };
    if !is_judged(ctx, &live) {
        return skip(Skip::NotJudged);
    }
    let mut findings = Vec::new();
    check_object(ctx, &live, &mut findings);
    decide(response, mode, &live.display_name(), findings)
}

/// Turns findings into the response of `mode`.
fn decide(
    mut response: AdmissionResponse,
    mode: Mode,
    object: &str,
    findings: Vec<Diagnostic>,
) -> Decision {
    let (errors, others): (Vec<&Diagnostic>, Vec<&Diagnostic>) = findings
        .iter()
        .partition(|finding| finding.severity == Severity::Error);
    let warned: Vec<&Diagnostic> = match mode {
        Mode::Enforce => others,
        Mode::Warn => findings.iter().collect(),
        Mode::Audit => Vec::new(),
    };
    let lines: Vec<String> = warned.iter().map(|f| warnings::warning(f)).collect();
    if !lines.is_empty() {
        response.warnings = Some(warnings::fit(&lines));
    }
    let outcome = if mode == Mode::Enforce && !errors.is_empty() {
        response = response.deny(denial(object, &errors));
        response.result.code = 403;
        response.result.reason = "Forbidden".to_owned();
        Outcome::Denied
    } else {
        Outcome::Allowed
    };
    Decision {
        response,
        outcome,
        mode,
        findings,
    }
}
