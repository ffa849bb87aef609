//! `rbac.yaml` (ServiceAccount, ClusterRole, ClusterRoleBinding),
//! `persistant-volime.yaml` (PVC) and `storage-class.yaml`.

use serde_json::{Value, json};

use super::{Draft, Obj, Scope, paths};
use crate::error::RenderError;
use crate::tmpl::{default, plain, text, to_yaml, truthy};

fn broken(template: &str, detail: &str) -> RenderError {
    RenderError::Template {
        template: template.to_owned(),
        detail: detail.to_owned(),
    }
}

fn rbac(s: &Scope<'_>, out: &mut Vec<Draft>) {
    const SOURCE: &str = "app/templates/rbac.yaml";
    let name = format!("{}-{}", s.ctx.namespace, s.app);
    let values = paths(&["rbac.create", "rbac.resources"]);
    out.push(Draft::new(
        SOURCE,
        values.clone(),
        json!({"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": name, "namespace": s.ctx.namespace}}),
    ));
    let resources = s.get("rbac.resources").map_or(Value::Null, to_yaml);
    out.push(Draft::new(
        SOURCE,
        values.clone(),
        json!({
            "apiVersion": "rbac.authorization.k8s.io/v1beta1",
            "kind": "ClusterRole",
            "metadata": {"name": name},
            "rules": [{"apiGroups": [""], "resources": resources, "verbs": ["get", "list", "watch"]}]
        }),
    ));
    out.push(Draft::new(
        SOURCE,
        values,
        json!({
            "kind": "ClusterRoleBinding",
            "apiVersion": "rbac.authorization.k8s.io/v1",
            "metadata": {"name": name},
            "subjects": [{"kind": "ServiceAccount", "name": name, "namespace": s.ctx.namespace}],
            "roleRef": {"kind": "ClusterRole", "name": name, "apiGroup": "rbac.authorization.k8s.io"}
        }),
    ));
}

/// The `storageClass` helper.
fn storage_class_name(s: &Scope<'_>) -> String {
    if s.on("volume.storageClass.create") && s.on("volume.enabled") {
        format!(
            "{}-{}",
            s.app,
            text(Some(default(
                s.get("volume.storageClass.name"),
                &json!("gp")
            )))
        )
    } else {
        text(Some(default(
            s.get("volume.storageClass.name"),
            &json!("gp2"),
        )))
    }
}

fn labels(s: &Scope<'_>) -> Value {
    Obj::new()
        .with("app", s.app.as_str())
        .with("appver", s.appver())
        .with("chart", s.chart_label())
        .with("release", s.ctx.release.as_str())
        .into()
}

fn pvc(s: &Scope<'_>) -> Result<Value, RenderError> {
    let modes = s.get("volume.accessModes");
    if modes.and_then(Value::as_array).is_some_and(|m| m.len() > 1) {
        return Err(broken(
            "app/templates/persistant-volime.yaml",
            "`volume.accessModes` with two or more items renders a PVC that is not valid YAML",
        ));
    }
    Ok(json!({
        "apiVersion": "v1",
        "kind": "PersistentVolumeClaim",
        "metadata": {
            "namespace": s.ctx.namespace,
            "annotations": {},
            "labels": labels(s),
            "name": format!("{}-claim", s.app)
        },
        "spec": {
            "accessModes": modes.map_or(Value::Null, to_yaml),
            "storageClassName": crate::tmpl::scalar(&storage_class_name(s), "volume.storageClass.name")?,
            "resources": {"requests": {"storage": plain(Some(default(s.get("volume.resources.requests.storage"), &json!("1Gi"))), "volume.resources.requests.storage")?}}
        }
    }))
}

fn storage_class(s: &Scope<'_>) -> Result<Value, RenderError> {
    let options = s.get("volume.storageClass.create.mountOptions");
    if options
        .and_then(Value::as_array)
        .is_some_and(|m| m.len() > 1)
    {
        return Err(broken(
            "app/templates/storage-class.yaml",
            "`volume.storageClass.create.mountOptions` with two or more items renders a StorageClass that is not valid YAML",
        ));
    }
    let parameters = s.get("volume.storageClass.create.parameters");
    Ok(Obj::new()
        .with("apiVersion", "storage.k8s.io/v1")
        .with("kind", "StorageClass")
        .with(
            "metadata",
            json!({"namespace": s.ctx.namespace, "annotations": {}, "labels": labels(s), "name": storage_class_name(s)}),
        )
        .with(
            "provisioner",
            plain(
                Some(default(s.get("volume.storageClass.create.provisioner"), &json!("kubernetes.io/aws-ebs"))),
                "volume.storageClass.create.provisioner",
            )?,
        )
        .with("volumeBindingMode", "WaitForFirstConsumer")
        .with_if(truthy(options), "mountOptions", || options.map_or(Value::Null, to_yaml))
        .with(
            "parameters",
            if truthy(parameters) { parameters.map_or(Value::Null, to_yaml) } else { Value::Null },
        )
        .into())
}

/// Renders RBAC, the PVC and the StorageClass.
pub(crate) fn render(s: &Scope<'_>, out: &mut Vec<Draft>) -> Result<(), RenderError> {
    if s.on("rbac.create") {
        rbac(s, out);
    }
    if s.on("volume.enabled") {
        out.push(Draft::new(
            "app/templates/persistant-volime.yaml",
            paths(&["volume.enabled"]),
            pvc(s)?,
        ));
        if s.on("volume.storageClass.create") {
            out.push(Draft::new(
                "app/templates/storage-class.yaml",
                paths(&["volume.storageClass.create"]),
                storage_class(s)?,
            ));
        }
    }
    Ok(())
}
