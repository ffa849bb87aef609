//! `render`: the Kubernetes objects k8app renders for a service in an environment.

use gg_render::{RenderContext, RenderedObject, render_service, to_yaml_stream};
use serde::Serialize;

use crate::project::{find_service, require_overlay};
use crate::{Project, WasmError};

/// The manifests of a service in an environment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RenderReport {
    /// The Helm release (= ArgoCD Application) `{service}-{env}`.
    pub release: String,
    /// The release namespace.
    pub namespace: String,
    /// The k8app chart version rendered.
    pub chart: String,
    /// The objects in `helm template` order, each with the values that decided it.
    pub objects: Vec<RenderedObject>,
    /// The objects as one YAML stream with `# Source:` / `# Value:` comments.
    pub yaml: String,
}

/// Renders `service` (a name or directory) for `env`.
pub fn render(project: &Project, service: &str, env: &str) -> Result<RenderReport, WasmError> {
    let platform = project.platform();
    let found = find_service(&platform, service)?;
    require_overlay(&platform, found, env)?;
    let merged = platform.merged_values(found, env);
    let chart = platform.chart_version();
    let namespace = platform.settings.namespace(env);
    let context = RenderContext::new(&found.name.value, env, &namespace, chart);
    let objects =
        render_service(&merged, &context).map_err(|e| WasmError::Render(e.to_string()))?;
    Ok(RenderReport {
        yaml: to_yaml_stream(&objects),
        release: context.release,
        namespace,
        chart: chart.to_string(),
        objects,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ProjectOptions;
    use crate::project::tests::shop;

    #[test]
    fn renders_a_deployment_with_the_overlay_image() {
        let mut files = shop();
        // the newest chart's NOTES.txt wants `service.type`, as Helm does
        files.insert(
            "svc/orders/.cicd/default.yaml".to_owned(),
            "appName: orders\nservice:\n  type: ClusterIP\n".to_owned(),
        );
        let project = Project::new(files, ProjectOptions::default()).unwrap();
        let report = render(&project, "orders", "dev").unwrap();
        assert_eq!(report.release, "orders-dev");
        assert_eq!(report.namespace, "poc-dev");
        let deployment = report
            .objects
            .iter()
            .find(|o| o.kind == "Deployment")
            .unwrap_or_else(|| panic!("no Deployment in {}", report.yaml));
        assert_eq!(deployment.name, "orders");
        assert!(report.yaml.contains("image: r/orders:1"), "{}", report.yaml);
    }
}
