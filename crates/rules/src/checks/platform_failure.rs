//! `platform-render-failed`: a platform chart that Helm cannot render. ArgoCD
//! then syncs nothing of that chart's Application; lint says so at the value
//! the failing template stopped at, and goes on with the services.

use gg_diagnostic::{Diagnostic, rules};
use gg_platform::YamlFile;
use gg_render::{ChartRender, RenderError};

use super::platform_values::{base_start, deepest_written};

/// The finding for a chart that fails, `None` when it renders (or when its
/// values files do not load, which their own finding reports).
pub(crate) fn check(chart: &ChartRender, base: &YamlFile) -> Option<Diagnostic> {
    let error = chart.objects.as_ref().err()?;
    if matches!(
        error,
        RenderError::Values(_) | RenderError::UnreadableValues(_)
    ) {
        return None;
    }
    let location = values_path(error)
        .and_then(|path| deepest_written(chart, &path))
        .unwrap_or_else(|| base_start(base));
    let message = format!(
        "{} does not render: Helm fails in {error}; ArgoCD applies nothing of the `{}` Application",
        chart.chart,
        chart.chart.release()
    );
    Some(
        rules::PLATFORM_RENDER_FAILED
            .finding(location, message)
            .with_help(format!(
                "set the value the template stops at in {} (a map where it reads fields, e.g. `vault.tokenSecret: {{name: vault-admin-token, key: token}}`); `gitops-guard platform render --chart {}` shows Helm's error",
                chart.chart.values_files().join(" or "),
                chart.chart
            )),
    )
}

/// The values keys of the expression a template failed at (`<.Values.vault.tokenSecret.name>`
/// or `<vault.tokenSecret.name>`); `None` for a template variable (`<$env.enabled>`).
fn values_path(error: &RenderError) -> Option<Vec<&str>> {
    let RenderError::Template { detail, .. } = error else {
        return None;
    };
    let start = detail.find(" at <")? + " at <".len();
    let rest = detail.get(start..)?;
    let expression = rest.get(..rest.find('>')?)?;
    let chain = expression.strip_prefix(".Values.").unwrap_or(expression);
    if chain.is_empty() || chain.starts_with(['$', '.']) || chain.contains(' ') {
        return None;
    }
    Some(chain.split('.').collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn template(detail: &str) -> RenderError {
        RenderError::Template {
            template: "platform-core/templates/bootstrap-job.yaml".to_owned(),
            detail: detail.to_owned(),
        }
    }

    #[test]
    fn the_failing_expression_names_the_values_keys() {
        let at = |detail: &str| values_path(&template(detail)).map(|p| p.join("."));
        assert_eq!(
            at("executing \"x\" at <vault.tokenSecret.name>: nil pointer evaluating interface {}.name").as_deref(),
            Some("vault.tokenSecret.name")
        );
        assert_eq!(
            at("executing \"x\" at <.Values.global.namespacePrefix>: boom").as_deref(),
            Some("global.namespacePrefix")
        );
        assert_eq!(at("executing \"x\" at <$env.enabled>: boom"), None);
        assert_eq!(
            at("executing \"x\" at <range>: boom").as_deref(),
            Some("range")
        );
        assert_eq!(at("no expression"), None);
    }
}
