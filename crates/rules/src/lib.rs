//! The validator: rule catalog, engine, diagnostics, severities and suppressions.
#![forbid(unsafe_code)]

pub mod diagnostic;
pub mod suppress;

pub use diagnostic::{
    Diagnostic, Location, Related, RuleId, RuleMeta, Severity, Summary, merge_across_envs,
    report_order, sort_diagnostics,
};
