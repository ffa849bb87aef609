//! `workload-pull-secrets-dropped`: the values give the pods pull secrets,
//! but the release renders worker, Job or CronJob pods without them (workers
//! before 3.10.3, Jobs before 3.10.7, CronJobs before 3.13.0).
//!
//! The rendered objects decide: a pod the renderer writes without
//! `imagePullSecrets` is one the chart writes without them, so the check is
//! gated on the release by the renderer. A public image pulls without
//! credentials: when the platform's registry secret is the only one listed,
//! only images of the platform's registry count.

use gg_k8app::{ChartVersion, Feature};
use gg_render::RenderedObject;
use gg_yaml::{LayerKind, MergedNode, MergedValue, Origin, Provenance};
use serde_json::Value;

use crate::checks::rendered::{WORKER_TEMPLATE, shown, spec_entry};
use crate::context::{EnvContext, PlatformContext};
use crate::json::pod::pod_spec;
use gg_diagnostic::rules;
use gg_diagnostic::{Diagnostic, Location};
use gg_platform::locate::{key_location, merged_location};

/// The legacy flags that give the main Deployment `- name: regsecret`.
const LEGACY_FLAGS: [&str; 2] = ["deploySecretHarbor", "deploySecretNexus"];

/// A pod template the chart may write without pull secrets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Workload {
    Worker,
    Job,
    CronJob,
}

impl Workload {
    /// The workload a rendered object is, by its template.
    fn of(object: &RenderedObject) -> Option<Self> {
        match object.source.as_str() {
            WORKER_TEMPLATE => Some(Self::Worker),
            "app/templates/job.yaml" => Some(Self::Job),
            "app/templates/cronjob.yaml" => Some(Self::CronJob),
            _ => None,
        }
    }

    /// The first release whose pods of this workload carry the pull
    /// secrets the values give: a list of its own (`listed`), or only the
    /// legacy `deploySecretHarbor`/`deploySecretNexus` flags.
    fn fixed_in(self, listed: bool) -> ChartVersion {
        match self {
            Self::Worker => Feature::WorkerImagePullSecrets.since(),
            Self::Job if listed => Feature::JobImagePullSecrets.since(),
            Self::Job | Self::CronJob => Feature::JobPodFeatures.since(),
        }
    }
}

/// Whether a pod spec lists at least one pull secret.
fn has_pull_secrets(spec: &Value) -> bool {
    spec.get("imagePullSecrets")
        .and_then(Value::as_array)
        .is_some_and(|items| !items.is_empty())
}

/// The image of the pod's first container (the service's image).
fn first_image(spec: &Value) -> Option<&str> {
    spec.get("containers")?
        .as_array()?
        .first()?
        .get("image")?
        .as_str()
}

/// Whether the pods pulling `image` need the pull secrets the values list:
/// not when the only one listed is the platform's registry secret and the
/// image comes from another registry (a public image pulls without it).
fn needs_secrets(ctx: &PlatformContext<'_>, env: &EnvContext<'_>, image: Option<&str>) -> bool {
    let (Some(secret), Some(image)) = (ctx.registry_secret(), image) else {
        return true;
    };
    let registry = ctx
        .platform
        .settings
        .docker_registry
        .value
        .trim_end_matches('/');
    if image.starts_with(&format!("{registry}/")) {
        return true;
    }
    env.merged
        .get_dotted("imagePullSecrets")
        .and_then(|list| match &list.value {
            MergedValue::Seq(items) => Some(items),
            _ => None,
        })
        .is_some_and(|items| {
            items
                .iter()
                .any(|item| item.child("name").and_then(MergedNode::as_str) != Some(secret))
        })
}

/// Where the service's files first write an entry: its `default.yaml` key
/// when it has one. The cause is the chart release, not the overlay that
/// also writes the entry, so every environment points at one line.
fn first_service_origin(provenance: &Provenance) -> &Origin {
    provenance
        .overridden
        .iter()
        .chain(std::iter::once(&provenance.origin))
        .find(|origin| {
            matches!(
                origin.kind,
                LayerKind::ServiceDefault | LayerKind::EnvOverlay
            )
        })
        .unwrap_or(&provenance.origin)
}

/// Reports every worker, Job and CronJob the release renders without the
/// pull secrets the values give the pods.
pub(super) fn check(
    ctx: &PlatformContext<'_>,
    env: &EnvContext<'_>,
    objects: &[RenderedObject],
    out: &mut Vec<Diagnostic>,
) {
    let chart = ctx.chart;
    let listed = env.truthy("imagePullSecrets");
    if !listed && !LEGACY_FLAGS.iter().any(|flag| env.truthy(flag)) {
        return;
    }
    let app = env.app_name();
    for object in objects {
        let Some(workload) = Workload::of(object) else {
            continue;
        };
        let Some((_, spec)) = pod_spec(&object.kind, &object.object) else {
            continue;
        };
        let fixed = workload.fixed_in(listed);
        if has_pull_secrets(spec) || chart >= fixed || !needs_secrets(ctx, env, first_image(spec)) {
            continue;
        }
        let location = spec_entry(env, object, app)
            .map(|entry| key_location(first_service_origin(&entry.provenance)))
            .or_else(|| {
                env.merged
                    .get_dotted("imagePullSecrets")
                    .map(merged_location)
            })
            .unwrap_or_else(|| Location::file_start(env.overlay));
        out.push(
            rules::WORKLOAD_PULL_SECRETS_DROPPED
                .finding(location, format!(
                    "k8app {chart} renders the {} without the `imagePullSecrets` the values give the pods: they pull the image without registry credentials (fixed in {fixed})",
                    shown(object),
                ))
                .with_help(format!(
                    "pin k8app {fixed} or later in `platform/base.yaml`, or have the platform add the registry secret to the `imagePullSecrets` of the service account the pods run as; on a private registry they fail with ImagePullBackOff"
                ))
                .with_env(env.env_name()),
        );
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::{Workload, first_image, has_pull_secrets};

    #[test]
    fn each_workload_names_the_release_that_fixed_it() {
        assert_eq!(Workload::Worker.fixed_in(true).to_string(), "3.10.3");
        assert_eq!(Workload::Worker.fixed_in(false).to_string(), "3.10.3");
        assert_eq!(Workload::Job.fixed_in(true).to_string(), "3.10.7");
        assert_eq!(Workload::Job.fixed_in(false).to_string(), "3.13.0");
        assert_eq!(Workload::CronJob.fixed_in(true).to_string(), "3.13.0");
    }

    #[test]
    fn an_empty_list_is_no_pull_secret() {
        assert!(has_pull_secrets(
            &json!({"imagePullSecrets": [{"name": "regsecret"}]})
        ));
        assert!(!has_pull_secrets(&json!({"imagePullSecrets": []})));
        assert!(!has_pull_secrets(&json!({"imagePullSecrets": null})));
        assert!(!has_pull_secrets(&json!({})));
    }

    #[test]
    fn the_service_image_is_the_first_containers() {
        let spec = json!({"containers": [{"image": "r/a:1"}, {"image": "r/b:1"}]});
        assert_eq!(first_image(&spec), Some("r/a:1"));
        assert_eq!(first_image(&json!({"containers": []})), None);
    }
}
