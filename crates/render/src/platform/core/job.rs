//! `bootstrap-job.yaml`: the Job `platform-bootstrap-<time>` (an ArgoCD
//! PreSync hook, not a Helm hook) whose shell script writes the platform's
//! Vault policies, Kubernetes auth roles and placeholder secrets. The script
//! is ours: it runs the same commands in the same order; its messages and
//! comments are our own.

use crate::error::RenderError;
use crate::gotmpl::{self, Key};
use crate::platform::Release;
use crate::platform::text::{Tmpl, quote, show};

/// The script's indentation inside the Job's YAML.
const PAD: &str = "          ";

/// Renders `bootstrap-job.yaml`.
pub(super) fn render(t: &mut Tmpl<'_>, release: &Release<'_>) -> Result<(), RenderError> {
    let (namespace, time) = (release.namespace, release.time);
    if !gotmpl::truthy(t.get("job.enabled")?) {
        return Ok(());
    }
    let hook = show(t.get("job.hook")?);
    let delete = show(t.get("job.hookDeletePolicy")?);
    let wave = show(t.get("job.syncWave")?);
    let backoff = show(t.get("job.backoffLimit")?);
    let ttl = show(t.get("job.ttlSecondsAfterFinished")?);
    let image = show(t.get("job.image")?);
    let address = quote(t.get("vault.address")?);
    let token_name = show(t.get("vault.tokenSecret.name")?);
    let token_key = show(t.get("vault.tokenSecret.key")?);
    t.push(&format!(
        "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: platform-bootstrap-{time}\n  namespace: {namespace}\n  labels:\n    app.kubernetes.io/name: platform-bootstrap\n    app.kubernetes.io/component: vault-config\n  annotations:\n    argocd.argoproj.io/hook: {hook}\n    argocd.argoproj.io/hook-delete-policy: {delete}\n    argocd.argoproj.io/sync-wave: \"{wave}\"\nspec:\n  backoffLimit: {backoff}\n  ttlSecondsAfterFinished: {ttl}\n  template:\n    metadata:\n      labels:\n        app.kubernetes.io/name: platform-bootstrap\n    spec:\n      restartPolicy: Never\n      containers:\n      - name: bootstrap\n        image: {image}\n        env:\n        - name: VAULT_ADDR\n          value: {address}\n        - name: VAULT_TOKEN\n          valueFrom:\n            secretKeyRef:\n              name: {token_name}\n              key: {token_key}\n        command:\n        - /bin/sh\n        - -c\n        - |"
    ));
    let mut script = Script::default();
    script.header(
        &show(t.get("vault.mount")?),
        &show(t.get("global.vaultPathPrefix")?),
        &show(t.get("global.namespacePrefix")?),
    );
    for (env, _) in t.enabled(t.get("environments")?)? {
        script.environment(&env);
        for (service, _) in t.range(t.get("services")?)? {
            script.service(&service, &env);
        }
    }
    if gotmpl::truthy(t.get("previewEnvironments.enabled")?)
        && gotmpl::truthy(t.get("previewEnvironments.vault.enabled")?)
    {
        script.preview(&show(t.get("previewEnvironments.vault.path")?));
    }
    script.line("echo \"platform bootstrap done\"");
    t.push(&script.text);
    Ok(())
}

/// The script's lines, each indented as the block scalar holds it.
#[derive(Debug, Default)]
struct Script {
    text: String,
}

impl Script {
    fn line(&mut self, line: &str) {
        self.text.push('\n');
        if !line.is_empty() {
            self.text.push_str(PAD);
            self.text.push_str(line);
        }
    }

    fn lines(&mut self, lines: &[&str]) {
        for line in lines {
            self.line(line);
        }
    }

    /// Settings, then Kubernetes auth enabled when it is missing.
    fn header(&mut self, mount: &str, prefix: &str, namespace_prefix: &str) {
        self.line("set -e");
        self.line("");
        self.line(&format!("MOUNT=\"{mount}\""));
        self.line(&format!("PREFIX=\"{prefix}\""));
        self.line(&format!("NS_PREFIX=\"{namespace_prefix}\""));
        self.line("");
        self.lines(&[
            "if ! vault auth list 2>/dev/null | grep -q \"kubernetes/\"; then",
            "  vault auth enable kubernetes || true",
            "  vault write auth/kubernetes/config \\",
            "    kubernetes_host=\"https://kubernetes.default.svc:443\"",
            "fi",
        ]);
    }

    /// The namespace's read policy and its role for the VaultAuth.
    fn environment(&mut self, env: &Key) {
        self.line("");
        self.line(&format!("echo \"environment {env}\""));
        self.line(&format!("NAMESPACE=\"${{NS_PREFIX}}-{env}\""));
        self.line(&format!("NS_POLICY=\"${{NS_PREFIX}}-{env}-read\""));
        self.line("vault policy write ${NS_POLICY} - <<POLICY");
        for (tree, caps) in [("data", READ), ("metadata", READ_LIST)] {
            self.policy_path(&format!("secret/{tree}/${{PREFIX}}/+/{env}/*"), caps);
        }
        for (tree, caps) in [("data", READ), ("metadata", READ_LIST)] {
            self.policy_path(&format!("secret/{tree}/${{PREFIX}}/platform/*"), caps);
        }
        self.line("POLICY");
        self.line(&format!("NS_ROLE=\"${{NS_PREFIX}}-{env}-default\""));
        self.role("${NS_ROLE}", "default", "${NAMESPACE}", "${NS_POLICY}");
    }

    /// A service's policy, role and placeholder secret in one environment.
    fn service(&mut self, service: &Key, env: &Key) {
        self.line("");
        self.line(&format!("SVC_POLICY=\"${{PREFIX}}-{service}-{env}\""));
        self.line(&format!("SVC_ROLE=\"{service}-{env}\""));
        self.line(&format!(
            "SECRET_PATH=\"${{PREFIX}}/{service}/{env}/config\""
        ));
        self.line("vault policy write ${SVC_POLICY} - <<POLICY");
        self.policy_path("secret/data/${SECRET_PATH}", READ);
        self.policy_path("secret/metadata/${SECRET_PATH}", READ_LIST);
        self.line("POLICY");
        self.role(
            "${SVC_ROLE}",
            &format!("{service},default"),
            "${NAMESPACE}",
            "${SVC_POLICY}",
        );
        self.lines(&[
            "if vault kv get -mount=${MOUNT} \"${SECRET_PATH}\" >/dev/null 2>&1; then",
            "  echo \"secret ${SECRET_PATH} kept\"",
            "else",
            "  vault kv put -mount=${MOUNT} \"${SECRET_PATH}\" \\",
            "    _bootstrapped_at=\"$(date -u +%Y-%m-%dT%H:%M:%SZ)\" >/dev/null",
            "  echo \"secret ${SECRET_PATH} created\"",
            "fi",
        ]);
    }

    /// ArgoCD's policy and role for the preview environments' GitLab token.
    fn preview(&mut self, path: &str) {
        self.line("");
        self.line(&format!("VAULT_PATH=\"{path}\""));
        self.line("ARGOCD_POLICY=\"argocd-preview-read\"");
        self.line("vault policy write ${ARGOCD_POLICY} - <<POLICY");
        self.policy_path("secret/data/${VAULT_PATH}", READ);
        self.policy_path("secret/metadata/${VAULT_PATH}", READ_LIST);
        self.line("POLICY");
        self.line("ARGOCD_ROLE=\"argocd-preview\"");
        self.role("${ARGOCD_ROLE}", "default", "argocd", "${ARGOCD_POLICY}");
    }

    fn policy_path(&mut self, path: &str, capabilities: &str) {
        self.line(&format!("path \"{path}\" {{"));
        self.line(&format!("  capabilities = {capabilities}"));
        self.line("}");
    }

    fn role(&mut self, role: &str, accounts: &str, namespaces: &str, policy: &str) {
        self.line(&format!("vault write auth/kubernetes/role/{role} \\"));
        self.line(&format!("  bound_service_account_names={accounts} \\"));
        self.line(&format!(
            "  bound_service_account_namespaces={namespaces} \\"
        ));
        self.line(&format!("  policies={policy} \\"));
        self.line("  audience=vault \\");
        self.line("  ttl=1h");
    }
}

const READ: &str = "[\"read\"]";
const READ_LIST: &str = "[\"read\", \"list\"]";
