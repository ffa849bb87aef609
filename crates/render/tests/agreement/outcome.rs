//! What a render gives, in one shape for Helm and for gitops-guard: the
//! documents in output order, or the failure and where it happened.

use gg_render::{RenderError, RenderedObject};
use serde_json::Value;

/// One rendered document.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Doc {
    /// The template, e.g. `app/templates/deployment.yaml`.
    pub source: String,
    /// The object as data.
    pub object: Value,
}

impl Doc {
    /// `Kind/name` for a report.
    pub(crate) fn label(&self) -> String {
        let text = |v: Option<&Value>| v.and_then(Value::as_str).unwrap_or("?").to_owned();
        format!(
            "{} {}/{}",
            self.source,
            text(self.object.get("kind")),
            text(self.object.pointer("/metadata/name"))
        )
    }
}

/// A failed render.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Failure {
    /// Where it failed: a template path or `values file NAME`; `None` when
    /// the message names neither.
    pub at: Option<String>,
    /// The whole message.
    pub message: String,
}

/// A render's result.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Outcome {
    /// The documents in output order.
    Rendered(Vec<Doc>),
    /// The failure.
    Failed(Failure),
}

impl Outcome {
    /// gitops-guard's render result in this shape; `at` names where a
    /// failed render failed.
    pub(crate) fn of_render(
        result: Result<Vec<RenderedObject>, RenderError>,
        at: impl FnOnce(&RenderError) -> Option<String>,
    ) -> Self {
        match result {
            Ok(objects) => Self::Rendered(
                objects
                    .into_iter()
                    .map(|o| Doc {
                        source: o.source,
                        object: o.object,
                    })
                    .collect(),
            ),
            Err(error) => Self::Failed(Failure {
                at: at(&error),
                message: error.to_string(),
            }),
        }
    }
}

/// Where Helm's error message says the render failed: the template being
/// executed, the template whose output is not YAML, or the values file.
pub(crate) fn helm_failure(stderr: &str, files: &[(String, String)]) -> Failure {
    let message = stderr
        .lines()
        .find(|line| line.starts_with("Error: "))
        .unwrap_or(stderr)
        .trim_start_matches("Error: ")
        .to_owned();
    let between = |text: &str, open: &str, close: &str| {
        let start = text.find(open)? + open.len();
        let rest = text.get(start..)?;
        Some(rest.get(..rest.find(close)?)?.to_owned())
    };
    let at = if let Some(path) = message.strip_prefix("failed to parse ") {
        files
            .iter()
            .find(|(_, written)| path.starts_with(written.as_str()))
            .map(|(name, _)| format!("values file {name}"))
    } else if let Some(rest) = message.strip_prefix("YAML parse error on ") {
        rest.split(':').next().map(str::to_owned)
    } else if message.starts_with("execution error at (") {
        between(&message, "(", ":")
    } else if message.starts_with("template: ") {
        between(&message, "executing \"", "\"").or_else(|| between(&message, "template: ", ":"))
    } else {
        None
    };
    Failure { at, message }
}

#[test]
fn helm_errors_name_their_template() {
    let at = |text: &str| helm_failure(text, &[("dev.yaml".into(), "/tmp/x/1.yaml".into())]).at;
    assert_eq!(
        at("Error: execution error at (app/templates/deployment.yaml:2:29): Please specify\n")
            .as_deref(),
        Some("app/templates/deployment.yaml")
    );
    assert_eq!(
        at("Error: template: app/templates/_helpers.tpl:18:30: executing \"app/templates/service.yaml\" at <$value.externalPort>: nil pointer").as_deref(),
        Some("app/templates/service.yaml")
    );
    assert_eq!(
        at("Error: YAML parse error on app/templates/deployment.yaml: error converting YAML to JSON").as_deref(),
        Some("app/templates/deployment.yaml")
    );
    assert_eq!(
        at("Error: failed to parse /tmp/x/1.yaml: error converting YAML to JSON").as_deref(),
        Some("values file dev.yaml")
    );
}
