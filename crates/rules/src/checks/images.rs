//! Images: `image-missing`, `image-tag-mutable`, `image-pull-secrets-missing`,
//! `image-pull-secrets-format`.

use gg_naming::EnvName;
use gg_yaml::{LayerKind, MergedValue, NodeKind};

use crate::context::{EnvContext, FileContext, PlatformContext};
use gg_diagnostic::rules;
use gg_diagnostic::{Diagnostic, Location};
use gg_platform::locate::{merged_location, node_location};

/// Tags that name a moving target rather than one build.
const MUTABLE_TAGS: &[&str] = &[
    "latest", "local", "dev", "develop", "main", "master", "stable", "edge", "head", "nightly",
    "snapshot",
];

/// `imagePullSecrets` items must be `{name: …}` mappings (k8app renders the list verbatim).
pub(crate) fn check_pull_secret_items(
    ctx: &PlatformContext<'_>,
    file: &FileContext<'_>,
    out: &mut Vec<Diagnostic>,
) {
    let Some(items) = file.get(&["imagePullSecrets"]).and_then(|n| n.as_seq()) else {
        return;
    };
    for item in items {
        let named = item
            .as_map()
            .and_then(|m| m.get("name"))
            .is_some_and(|name| name.as_str().is_some_and(|s| !s.is_empty()));
        if named {
            continue;
        }
        let (shown, name) = match &item.kind {
            NodeKind::String(s) if !s.is_empty() => (format!("`{s}`"), s.as_str()),
            _ => (
                "this item".to_owned(),
                ctx.registry_secret().unwrap_or("<pull-secret>"),
            ),
        };
        out.push(
            rules::IMAGE_PULL_SECRETS_FORMAT.finding(node_location(file.path, item),
                format!("imagePullSecrets item {shown} is not a `{{name: …}}` mapping"),
            )
            .with_help(format!("write each item as `- name: {name}`: k8app copies the list into the pod spec as it is")),
        );
    }
}

/// The checks on the merged image and pull secrets of one environment.
pub(crate) fn check_env(
    ctx: &PlatformContext<'_>,
    env: &EnvContext<'_>,
    out: &mut Vec<Diagnostic>,
) {
    let env_name = env.env_name();
    let from_chart = |path: &str| {
        env.merged
            .get_dotted(path)
            .is_none_or(|node| node.provenance.origin.kind == LayerKind::ChartDefaults)
    };
    if from_chart("image.repository") || from_chart("image.tag") {
        out.push(
            rules::IMAGE_MISSING.finding(Location::file_start(env.overlay),
                "no values file sets `image.repository` and `image.tag`: the chart's default `nginx:latest` would be deployed",
            )
            .with_help("set `image.repository` and `image.tag` in the environment's overlay (CI's set-image job updates them)")
            .with_env(env_name),
        );
    } else if !EnvName::new(env_name).is_ok_and(|e| e.is_local()) {
        check_mutable_tag(env, out);
    }
    check_pull_secret(ctx, env, out);
}

fn check_mutable_tag(env: &EnvContext<'_>, out: &mut Vec<Diagnostic>) {
    if let Some(tag) = env.merged.get_dotted("image.tag")
        && let Some(text) = tag.as_str()
        && MUTABLE_TAGS.contains(&text.to_ascii_lowercase().as_str())
    {
        out.push(
            rules::IMAGE_TAG_MUTABLE.finding(merged_location(tag),
                format!("image tag `{text}` names a moving target, not one build"),
            )
            .with_help("deploy an immutable tag: the commit's short SHA or a release tag (`v1.4.2`), so a rollback redeploys the same bits")
            .with_env(env.env_name()),
        );
    }
    if let Some(policy) = env.merged.get_dotted("image.pullPolicy")
        && policy.as_str() == Some("Never")
        && env.user_set("image.pullPolicy")
    {
        out.push(
            rules::IMAGE_TAG_MUTABLE
                .finding(
                    merged_location(policy),
                    "`image.pullPolicy: Never` only works with images preloaded on the node",
                )
                .with_help("use `IfNotPresent` with an immutable tag outside local clusters")
                .with_env(env.env_name()),
        );
    }
}

fn check_pull_secret(ctx: &PlatformContext<'_>, env: &EnvContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(secret) = ctx.registry_secret() else {
        return;
    };
    let list = env.merged.get_dotted("imagePullSecrets");
    // Without the platform's shared values, whether they list the secret is
    // unknown: only a list a service file writes (which replaces theirs) counts.
    if !ctx.facts.platform_defaults && !list.is_some_and(written_by_service) {
        return;
    }
    let listed = list.is_some_and(|node| match &node.value {
        MergedValue::Seq(items) => items
            .iter()
            .any(|item| item.child("name").and_then(|n| n.as_str()) == Some(secret)),
        _ => false,
    });
    let legacy = ["deploySecretHarbor", "deploySecretNexus"]
        .iter()
        .any(|flag| env.truthy(flag));
    let list_empty =
        list.is_none_or(|node| matches!(&node.value, MergedValue::Seq(items) if items.is_empty()));
    if listed || (legacy && list_empty && secret == "regsecret") {
        return;
    }
    let location = match list {
        Some(node) if node.provenance.origin.kind != LayerKind::ChartDefaults => {
            merged_location(node)
        }
        _ => Location::file_start(env.overlay),
    };
    out.push(
        rules::IMAGE_PULL_SECRETS_MISSING.finding(location,
            format!("`imagePullSecrets` does not list the platform registry secret `{secret}`"),
        )
        .with_help(format!(
            "add `- name: {secret}` (the platform's shared k8app defaults set it; a list in a service file replaces that list whole), or images from the private registry fail with ImagePullBackOff"
        ))
        .with_env(env.env_name()),
    );
}

/// True when a service's own file (`default.yaml` or an overlay) wrote the value.
pub(crate) fn written_by_service(node: &gg_yaml::MergedNode) -> bool {
    matches!(
        node.provenance.origin.kind,
        LayerKind::ServiceDefault | LayerKind::EnvOverlay
    )
}
