//! `namespaces.yaml`: per enabled environment the application namespace
//! `{namespacePrefix}-{env}` and the infra namespace.

use serde_json::Value;

use crate::error::RenderError;
use crate::gotmpl::{self, Key};
use crate::platform::text::{Tmpl, quote, show};

/// `{{ $env.infraNamespace | default (printf "infra-%s" $envName) }}`.
pub(super) fn infra_namespace(
    t: &Tmpl<'_>,
    env: &Value,
    name: &Key,
) -> Result<String, RenderError> {
    let fallback = Value::String(format!("infra-{}", name.verb_s()));
    let given = t.field(Some(env), "infraNamespace")?;
    Ok(show(gotmpl::default(given, Some(&fallback))))
}

/// Renders `namespaces.yaml`.
pub(super) fn render<'v>(t: &mut Tmpl<'v>) -> Result<(), RenderError> {
    if !gotmpl::truthy(t.get("namespaces.enabled")?) {
        return Ok(());
    }
    for (name, env) in t.enabled(t.get("environments")?)? {
        let prefix = show(t.get("global.namespacePrefix")?);
        t.push(&format!(
            "\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: {prefix}-{name}\n  annotations:\n    argocd.argoproj.io/sync-wave: \"-2\"\n  labels:\n    app.kubernetes.io/name: platform-bootstrap\n    app.kubernetes.io/component: application\n    environment: {name}\n    gateway-access: \"true\""
        ));
        extra_labels(t)?;
        let infra = infra_namespace(t, env, &name)?;
        t.push(&format!(
            "\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: {infra}\n  annotations:\n    argocd.argoproj.io/sync-wave: \"-2\"\n  labels:\n    app.kubernetes.io/name: platform-bootstrap\n    app.kubernetes.io/component: infrastructure\n    environment: {name}"
        ));
        extra_labels(t)?;
    }
    Ok(())
}

/// `namespaces.labels`, each `key: "value"`.
fn extra_labels(t: &mut Tmpl<'_>) -> Result<(), RenderError> {
    for (key, value) in t.range(t.get("namespaces.labels")?)? {
        t.push(&format!("\n    {key}: {}", quote(Some(value))));
    }
    Ok(())
}
