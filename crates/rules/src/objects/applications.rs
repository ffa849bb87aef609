//! ArgoCD Applications that deploy into a platform namespace: the release name
//! Helm accepts, and the namespace and overlay of the Application's environment.

use gg_naming::validate_release_name;

use crate::json::JsonTree;
use crate::objects::{LiveObject, ObjectContext};
use gg_diagnostic::rules;
use gg_diagnostic::{Diagnostic, Location};

/// The environment of the platform namespace an Application deploys into.
pub(super) fn destination_env<'c, J: JsonTree>(
    ctx: &'c ObjectContext<'_>,
    object: &LiveObject<'_, J>,
) -> Option<&'c str> {
    let namespace = object.text("/spec/destination/namespace")?;
    ctx.env_of_namespace(namespace)
}

/// Checks an Application whose destination is a platform namespace.
pub(super) fn check<J: JsonTree>(
    ctx: &ObjectContext<'_>,
    object: &LiveObject<'_, J>,
    out: &mut Vec<Diagnostic>,
) {
    let Some(dest_env) = destination_env(ctx, object) else {
        return;
    };
    let location = || Location::file_start(object.display_name());
    let release = object
        .body
        .lookup("/spec/source/helm/releaseName")
        .and_then(J::text)
        .unwrap_or(object.name);
    if let Err(error) = validate_release_name(release) {
        out.push(
            rules::DNS_LABEL.finding(location(), format!("`/metadata/name`: the Helm release `{release}`: {error}"))
                .with_help("shorten the service's registry name in platform/core.yaml: ArgoCD names the release `{service}-{env}`, and Helm allows 53 characters")
                .with_env(dest_env),
        );
    }
    let Some(app) = ctx.application(object.name) else {
        return;
    };
    if app.env != dest_env {
        out.push(
            rules::HARDCODED_NAMESPACE.finding(location(),
                format!(
                    "`/spec/destination/namespace`: Application `{}` of environment `{}` deploys into `{}`, the namespace of environment `{dest_env}`",
                    app.name,
                    app.env,
                    object.text("/spec/destination/namespace").unwrap_or_default()
                ),
            )
            .with_help(format!("deploy it into `{}` as the platform's ApplicationSet does", app.namespace))
            .with_env(dest_env),
        );
    }
    for (pointer, file) in value_files(object) {
        let Some(other) = ctx
            .platform
            .envs
            .iter()
            .find(|env| **env != app.env && file.ends_with(&format!("/{env}.yaml")))
        else {
            continue;
        };
        out.push(
            rules::ENVIRONMENT_MISMATCH.finding(location(),
                format!("`{pointer}`: Application `{}` of environment `{}` reads the overlay `{file}` of environment `{other}`", app.name, app.env),
            )
            .with_help(format!("use the value files of the ApplicationSet: {}", app.value_files.join(", ")))
            .with_env(dest_env),
        );
    }
}

/// `helm.valueFiles` of `spec.source` and every `spec.sources` item, with pointers.
fn value_files<'a, J: JsonTree>(object: &LiveObject<'a, J>) -> Vec<(String, &'a str)> {
    let single = object
        .body
        .lookup("/spec/source")
        .map(|source| ("/spec/source".to_owned(), source));
    let many = object
        .body
        .lookup("/spec/sources")
        .and_then(J::items)
        .into_iter()
        .flatten()
        .enumerate()
        .map(|(index, source)| (format!("/spec/sources/{index}"), source));
    single
        .into_iter()
        .chain(many)
        .flat_map(|(base, source)| {
            source
                .lookup("/helm/valueFiles")
                .and_then(J::items)
                .into_iter()
                .flatten()
                .enumerate()
                .filter_map(move |(index, file)| {
                    Some((format!("{base}/helm/valueFiles/{index}"), file.text()?))
                })
        })
        .collect()
}
