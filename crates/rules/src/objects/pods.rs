//! Workloads and Pods: the pull secret of private images, other environments'
//! namespaces in env values, and names k8app derives other names from.

use gg_diagnostic::rules;
use gg_naming::{K8appNames, ServiceKind, validate_label, validate_rfc1035_label};

use crate::json::JsonTree;
use crate::json::pod::{containers, pod_spec};
use crate::objects::{Found, ObjectContext, check_namespace_mentions, escape};
use gg_diagnostic::Diagnostic;

/// Runs the pod checks on a workload or Pod.
pub(super) fn check<J: JsonTree>(
    ctx: &ObjectContext<'_>,
    found: &Found<'_, J>,
    out: &mut Vec<Diagnostic>,
) {
    check_name(found, out);
    let Some((pod, spec)) = pod_spec(found.object.kind, found.object.body) else {
        return;
    };
    check_pull_secret(ctx, found, pod, spec, out);
    let app = found.object.labels.get("app").map(String::as_str);
    for (list, index, container) in containers(spec) {
        let base = format!("{pod}/{list}/{index}");
        check_env_values(ctx, found, &base, app, container, out);
    }
}

/// `dns-label`: a workload's name and its `app` label must be DNS labels (k8app
/// derives Service and container names from them), and the Service name
/// `{app}-sv` an RFC 1035 label.
fn check_name<J: JsonTree>(found: &Found<'_, J>, out: &mut Vec<Diagnostic>) {
    const HELP: &str = "use lowercase letters, digits and '-', starting and ending with a letter or digit, at most 60 characters (k8app appends `-sv`)";
    let object = found.object;
    if object.kind != "Pod"
        && !object.name.is_empty()
        && let Err(error) = validate_label(object.name)
    {
        found.report(
            out,
            &rules::DNS_LABEL,
            "/metadata/name",
            Some("appName"),
            error,
            HELP,
        );
    }
    if let Some(app) = object.labels.get("app") {
        let problem = validate_label(app)
            .err()
            .map(|e| e.to_string())
            .or_else(|| {
                validate_rfc1035_label(&K8appNames::new(app).service(ServiceKind::ClusterIp))
                    .err()
                    .map(|e| format!("its Service name: {e}"))
            });
        if let Some(problem) = problem {
            found.report(
                out,
                &rules::DNS_LABEL,
                "/metadata/labels/app",
                Some("appName"),
                problem,
                HELP,
            );
        }
    }
}

/// `image-pull-secrets-missing`: an image from the private registry in a pod
/// that does not list the platform's registry secret.
fn check_pull_secret<J: JsonTree>(
    ctx: &ObjectContext<'_>,
    found: &Found<'_, J>,
    pod: &str,
    spec: &J,
    out: &mut Vec<Diagnostic>,
) {
    let Some(secret) = ctx.platform.registry_secret() else {
        return;
    };
    let listed = spec
        .member("imagePullSecrets")
        .and_then(J::items)
        .is_some_and(|items| {
            items
                .iter()
                .any(|item| item.member("name").and_then(J::text) == Some(secret))
        });
    if listed {
        return;
    }
    let private = containers(spec).find_map(|(list, index, container)| {
        let image = container.member("image")?.text()?;
        ctx.is_private_image(image)
            .then(|| (format!("{pod}/{list}/{index}/image"), image))
    });
    let Some((image_pointer, image)) = private else {
        return;
    };
    found.report(
        out,
        &rules::IMAGE_PULL_SECRETS_MISSING,
        &format!("{pod}/imagePullSecrets"),
        Some("imagePullSecrets"),
        format!("does not list the platform registry secret `{secret}`, but `{image_pointer}` pulls `{image}` from the private registry"),
        &format!("add `- name: {secret}` (the platform's shared k8app defaults set it; a list in a service file replaces that list whole), or the pods fail with ImagePullBackOff"),
    );
}

/// `hardcoded-namespace` in literal env values of one container.
fn check_env_values<J: JsonTree>(
    ctx: &ObjectContext<'_>,
    found: &Found<'_, J>,
    base: &str,
    app: Option<&str>,
    container: &J,
    out: &mut Vec<Diagnostic>,
) {
    let Some(env) = container.member("env").and_then(J::items) else {
        return;
    };
    let extension = container
        .member("name")
        .and_then(J::text)
        .zip(app)
        .and_then(|(name, app)| name.strip_prefix(app)?.strip_prefix('-'))
        .filter(|ext| *ext != "init");
    for (index, var) in env.iter().enumerate() {
        let (Some(name), Some(value)) = (
            var.member("name").and_then(J::text),
            var.member("value").and_then(J::text),
        ) else {
            continue;
        };
        let key = extension.map(|ext| format!("extensions.{ext}.env.{}", escape(name)));
        check_namespace_mentions(
            ctx,
            found,
            &format!("{base}/env/{index}/value"),
            key.as_deref(),
            value,
            out,
        );
    }
}
