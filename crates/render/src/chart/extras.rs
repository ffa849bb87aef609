//! `cloudflare-hook.yaml` (a post-install cache purge Job), `rbac.yaml`
//! (ServiceAccount, ClusterRole, ClusterRoleBinding) and
//! `vault-certs-crd.yaml` (a `koudingspawn.de/v1` Vault certificate).

use serde_json::{Value, json};

use super::batch::{self, Group};
use super::{Draft, Obj, Tpl, paths};
use crate::error::RenderError;
use crate::gotmpl::{self, default};

/// `cloudflare-hook.yaml`.
pub(crate) fn cloudflare(t: &Tpl<'_>, out: &mut Vec<Draft>) -> Result<(), RenderError> {
    if !t.on("cloudflare.enabled")? {
        return Ok(());
    }
    let app = t.app()?;
    let job = format!("{app}-cf-purge-cache");
    let zone = gotmpl::print(t.val("ingress.fqdn")?);
    let secret = |key: &str| json!({"secretKeyRef": {"key": key, "name": t.quoted(app)}});
    let mut pod = Obj::new().with(
        "containers",
        json!([{
            "name": t.quoted(&job),
            "env": [
                {"name": "ZONE_NAME", "value": t.quoted(&zone)},
                {"name": "CF_EMAIL", "valueFrom": secret("CLOUDFLARE_EMAIL")},
                {"name": "CF_API_KEY", "valueFrom": secret("CLOUDFLARE_APIKEY")},
            ],
            "image": "nexus.egt-ua.loc/devops/cloudflare:latest",
            "imagePullPolicy": "Always",
        }]),
    );
    for key in ["nodeSelector", "tolerations"] {
        if t.on(key)? {
            pod = pod.with(key, gotmpl::to_yaml(t.val(key)?));
        }
    }
    let pod = pod.with("restartPolicy", "Never");
    let group = Group::new("job", &job);
    let annotations = json!({
        "helm.sh/hook": "post-install,post-upgrade",
        "helm.sh/hook-weight": "-3",
        "helm.sh/hook-delete-policy": "before-hook-creation"
    });
    let object = batch::head(t, "Job", &group, t.quoted(&job), Some(annotations)).with(
        "spec",
        json!({
            "backoffLimit": 1,
            "completions": 1,
            "parallelism": 1,
            "template": {"metadata": batch::template_metadata(t, &group, t.quoted(&job)), "spec": Value::from(pod)}
        }),
    );
    out.push(Draft::new(
        t.path,
        paths(&["cloudflare.enabled", "ingress.fqdn"]),
        object.into(),
    ));
    Ok(())
}

/// `rbac.yaml`. The role's `resources` come from `toYaml
/// .Values.rbac.resources | indent 2` at the key's own indentation: a list
/// reads as the list, a map's keys land in the rule itself, anything else
/// (the chart's default `[]` too) is not YAML there.
pub(crate) fn rbac(t: &Tpl<'_>, out: &mut Vec<Draft>) -> Result<(), RenderError> {
    if !t.on("rbac.create")? {
        return Ok(());
    }
    let app = t.app()?;
    let name = t.value(&format!("{}-{app}", t.namespace()));
    let namespace = t.value(t.namespace());
    let resources = t.val("rbac.resources")?;
    let mut rule = Obj::new().with("apiGroups", json!([""]));
    match resources {
        Some(Value::Array(items)) if !items.is_empty() => rule = rule.with("resources", Value::Array(items.clone())),
        Some(Value::Object(map)) if !map.is_empty() => rule = rule.with("resources", Value::Null).extend(resources),
        _ => t.breaks("`rbac.resources` must be a non-empty list: k8app writes it at the key's own indentation"),
    }
    let rule = rule.with("verbs", json!(["get", "list", "watch"]));
    let values = paths(&["rbac.create", "rbac.resources"]);
    out.push(Draft::new(
        t.path,
        values.clone(),
        json!({"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": name, "namespace": namespace}}),
    ));
    let mut role = Draft::new(
        t.path,
        values.clone(),
        json!({
            "apiVersion": "rbac.authorization.k8s.io/v1beta1",
            "kind": "ClusterRole",
            "metadata": {"name": name},
            "rules": [Value::from(rule)],
        }),
    );
    role.problems.extend(
        t.unserved("rbac.authorization.k8s.io/v1beta1", "ClusterRole")
            .map(|problem| {
                problem
                    .with_fix("k8app writes it in that version whatever the values say: turn `rbac.create` off")
                    .caused_by("rbac.create")
            }),
    );
    out.push(role);
    out.push(Draft::new(
        t.path,
        values,
        json!({
            "kind": "ClusterRoleBinding",
            "apiVersion": "rbac.authorization.k8s.io/v1",
            "metadata": {"name": name},
            "subjects": [{"kind": "ServiceAccount", "name": name, "namespace": namespace}],
            "roleRef": {"kind": "ClusterRole", "name": name, "apiGroup": "rbac.authorization.k8s.io"},
        }),
    ));
    Ok(())
}

/// `vault-certs-crd.yaml`: with `ingress.tls` and `vaultCert` set.
pub(crate) fn vault_cert(t: &Tpl<'_>, out: &mut Vec<Draft>) -> Result<(), RenderError> {
    if !(t.on("ingress.tls")? && t.on("vaultCert")?) {
        return Ok(());
    }
    let fqdn = gotmpl::print(default(t.val("fqdn")?, t.val("ingress.fqdn")?)).replace('.', "-");
    let cert = gotmpl::print(default(t.val("vaultCert")?, t.val("ingress.vaultCert")?));
    t.app_by_template()?;
    let labels = t.labels()?;
    let object = json!({
        "apiVersion": "koudingspawn.de/v1",
        "kind": "Vault",
        "metadata": {
            "namespace": t.value(t.namespace()),
            "name": t.value(&fqdn),
            "annotations": {
                "helm.sh/hook": "pre-install,pre-upgrade",
                "helm.sh/hook-delete-policy": "before-hook-creation",
                "helm.sh/hook-weight": "-4",
            },
            "labels": labels,
        },
        "spec": {"path": t.value(&format!("certs/{cert}")), "type": "CERT"},
    });
    out.push(Draft::new(
        t.path,
        paths(&["ingress.tls", "vaultCert"]),
        object,
    ));
    Ok(())
}
