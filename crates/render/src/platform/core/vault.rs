//! `vault-auth.yaml` and `vault-registry-secret.yaml`: per enabled
//! environment the VaultAuth `vault-auth` and the registry pull secret.

use crate::error::RenderError;
use crate::gotmpl;
use crate::platform::text::{Tmpl, show, to_yaml_nindent};

/// Renders `vault-auth.yaml`.
pub(super) fn vault_auth(t: &mut Tmpl<'_>) -> Result<(), RenderError> {
    if !gotmpl::truthy(t.get("vaultAuth.enabled")?) {
        return Ok(());
    }
    for (name, _) in t.enabled(t.get("environments")?)? {
        let prefix = show(t.get("global.namespacePrefix")?);
        t.push(&format!(
            "\n---\napiVersion: secrets.hashicorp.com/v1beta1\nkind: VaultAuth\nmetadata:\n  name: vault-auth\n  namespace: {prefix}-{name}\n  labels:\n    app.kubernetes.io/name: platform-bootstrap\n    app.kubernetes.io/component: vault-auth\n    environment: {name}\nspec:\n  method: kubernetes\n  mount: kubernetes\n  kubernetes:\n    role: {prefix}-{name}-default\n    serviceAccount: default\n    audiences:"
        ));
        let audiences = t.get("vaultAuth.audiences")?;
        t.push(&to_yaml_nindent(audiences, 6));
    }
    Ok(())
}

/// Renders `vault-registry-secret.yaml`.
pub(super) fn registry_secret(t: &mut Tmpl<'_>) -> Result<(), RenderError> {
    if !gotmpl::truthy(t.get("registry.enabled")?) {
        return Ok(());
    }
    for (name, _) in t.enabled(t.get("environments")?)? {
        let secret = show(t.get("registry.secretName")?);
        let prefix = show(t.get("global.namespacePrefix")?);
        let mount = show(t.get("vault.mount")?);
        let path = show(t.get("registry.vaultPath")?);
        t.push(&format!(
            "\n---\napiVersion: secrets.hashicorp.com/v1beta1\nkind: VaultStaticSecret\nmetadata:\n  name: {secret}\n  namespace: {prefix}-{name}\n  labels:\n    app.kubernetes.io/name: platform-bootstrap\n    app.kubernetes.io/component: registry-credentials\n    environment: {name}\n  annotations:\n    argocd.argoproj.io/sync-wave: \"-1\"\nspec:\n  type: kv-v2\n  mount: {mount}\n  path: {path}\n  vaultAuthRef: vault-auth\n  refreshAfter: 1h\n  destination:\n    name: {secret}\n    create: true\n    overwrite: true\n    type: kubernetes.io/dockerconfigjson"
        ));
    }
    Ok(())
}
