//! Findings and the rule catalog, the one home every producer emits through:
//! the lint checks, platform loading, the Vault policy lint, `vault check`
//! and the admission webhook.
//!
//! A [`Diagnostic`] carries what DESIGN §5 promises for each finding: rule
//! id, severity, file, 1-based line and column (with an exclusive end), the
//! environments it arises in, a message, help text and, when the change is
//! known, a structured [`Fix`].
//!
//! Every rule is registered once, by its page `policies/rules/<id>.md` (id,
//! summary, default severity, scope); the build turns the pages into the
//! [`rules`] constants and the [`catalog`]. No IO, and of the workspace only
//! `gg-sort`, so it builds for `wasm32-unknown-unknown`.
#![forbid(unsafe_code)]

mod catalog;
mod diagnostic;
mod edit;
mod fix;
mod location;
mod order;
mod rule;
mod rule_id;
mod severity;
mod summary;

pub use catalog::{catalog, closest_rule_id, rule, rules};
pub use diagnostic::Diagnostic;
pub use edit::Edit;
pub use fix::{Fix, Owner};
pub use location::{Location, Related, at_or_below, normalize_path};
pub use order::{merge_across_envs, report_order, sort_diagnostics};
pub use rule::{Rule, Scope};
pub use rule_id::RuleId;
pub use severity::Severity;
pub use summary::Summary;
