//! Why a render fails: the chart itself would fail (`required`, `fail`, a
//! template error, text that is not YAML once printed).

use thiserror::Error;

/// A render that Helm would refuse too.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum RenderError {
    /// `appName` is empty: the chart's `required` fails.
    #[error(
        "`appName` is required: k8app fails with \"Please specify an app_name at .Values.appName\""
    )]
    MissingAppName,
    /// The deprecated `valult` key is set: the chart calls `fail`.
    #[error("`valult` is set: k8app fails with \"DEPRECATED: 'valult' parameter is deprecated\"")]
    DeprecatedValult,
    /// A value printed into the template does not read back as one YAML scalar.
    #[error("`{field}` prints `{text}` into the template, which is not a YAML scalar there")]
    BrokenYaml {
        /// The value path.
        field: String,
        /// What was printed.
        text: String,
    },
    /// A template evaluates a field of a missing map (Go: nil pointer evaluating).
    #[error("{template}: {detail}")]
    Template {
        /// The template file.
        template: String,
        /// What fails.
        detail: String,
    },
    /// The chart version is outside 3.4.0-3.8.x.
    #[error("k8app {0} is not modelled (3.4.0-3.8.x only)")]
    UnsupportedChart(String),
}
