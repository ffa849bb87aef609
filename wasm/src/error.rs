//! The one error type of the module; in JavaScript it is thrown as an `Error`
//! whose message is the text below.

use thiserror::Error;

/// Why a call could not answer.
#[derive(Debug, Error)]
pub enum WasmError {
    /// The arguments do not have the documented shape.
    #[error("invalid input: {0}")]
    Input(String),
    /// `.gitops-guard.yaml` (the `config` option) is not a valid configuration.
    #[error(transparent)]
    Config(#[from] gg_rules::RulesError),
    /// The report could not be rendered.
    #[error(transparent)]
    Report(#[from] gg_report::ReportError),
    /// No service matches the name or directory asked for.
    #[error("no service `{asked}` (services: {known})")]
    UnknownService {
        /// The name or directory given.
        asked: String,
        /// The services found, comma-separated.
        known: String,
    },
    /// The service has no overlay for the environment asked for.
    #[error("{overlay}: no overlay for environment `{env}` (the platform's environments: {known})")]
    UnknownEnv {
        /// The environment given.
        env: String,
        /// Where the overlay would be.
        overlay: String,
        /// The platform's environments, comma-separated.
        known: String,
    },
    /// No rule has that id.
    #[error("no rule `{id}`{hint}")]
    UnknownRule {
        /// The id given.
        id: String,
        /// `; did you mean `…`?` or empty.
        hint: String,
    },
    /// The chart version is not one the schema models.
    #[error(transparent)]
    ChartVersion(#[from] gg_k8app::K8appError),
    /// The chart could not be rendered.
    #[error("cannot render: {0}")]
    Render(String),
    /// A result could not be turned into JSON.
    #[error("cannot serialize the result: {0}")]
    Serialize(String),
}
