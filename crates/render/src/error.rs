//! Why a render fails: Helm would fail too (`required`, `fail`, a template
//! error, output that is not YAML, a values file it cannot read).

use thiserror::Error;

/// A render that Helm would refuse too.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum RenderError {
    /// `appName` is nil or empty: the chart's `required` fails in the first
    /// template that names the app.
    #[error(
        "{template}: `appName` is required: k8app fails with \"Please specify an app_name at .Values.appName\""
    )]
    MissingAppName {
        /// The template Helm names.
        template: String,
    },
    /// The deprecated `valult` key is set: the chart calls `fail`.
    #[error(
        "app/templates/vault-crd.yaml: `valult` is set: k8app fails with \"DEPRECATED: 'valult' parameter is deprecated\""
    )]
    DeprecatedValult,
    /// A template fails while it runs (Helm: `template: …` or `execution error at (…)`).
    #[error("{template}: {detail}")]
    Template {
        /// The template file.
        template: String,
        /// What fails, as Go words it.
        detail: String,
    },
    /// A template's output is not YAML Helm can read (Helm: `YAML parse error on …`).
    #[error("{template}: the output is not valid YAML: {detail}")]
    Yaml {
        /// The template file.
        template: String,
        /// Why.
        detail: String,
    },
    /// A values file Helm cannot read (`helm template` fails on it too).
    #[error("values file {0}")]
    Values(#[from] gg_yaml::YamlError),
    /// A values file that is not UTF-8 text.
    #[error("values file {0} is not UTF-8 text: Helm cannot read it")]
    UnreadableValues(String),
    /// A values file the Application lists does not exist (ArgoCD cannot
    /// render the Application).
    #[error("values file {0} does not exist: the Application cannot render")]
    MissingValues(String),
    /// The chart version is not a modelled release.
    #[error("k8app {0} is not modelled (supported: {range})", range = gg_k8app::ChartVersion::supported_range())]
    UnsupportedChart(String),
}

impl RenderError {
    /// Where the render failed, as Helm names it: the template
    /// (`app/templates/deployment.yaml`) or `values file NAME`.
    pub fn location(&self) -> Option<String> {
        match self {
            RenderError::MissingAppName { template }
            | RenderError::Template { template, .. }
            | RenderError::Yaml { template, .. } => Some(template.clone()),
            RenderError::DeprecatedValult => Some("app/templates/vault-crd.yaml".to_owned()),
            RenderError::Values(error) => Some(format!("values file {}", error.file)),
            RenderError::UnreadableValues(file) | RenderError::MissingValues(file) => {
                Some(format!("values file {file}"))
            }
            RenderError::UnsupportedChart(_) => None,
        }
    }
}
