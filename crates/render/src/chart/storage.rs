//! `persistant-volime.yaml` (sic; `persistent-volume.yaml` from 3.13.0):
//! PersistentVolumeClaim `{app}-claim`, and `storage-class.yaml`.

use serde_json::{Value, json};

use super::{Draft, Obj, Tpl, paths};
use crate::error::RenderError;
use crate::gotmpl::{self, default, printf, truthy};

/// `include "storageClass"`: `{app}-{name|gp}` for a class the chart
/// creates, else `name`, default `gp2`.
fn class_name(t: &Tpl<'_>) -> Result<String, RenderError> {
    let create = t.val("volume.storageClass.create")?;
    let name = t.val("volume.storageClass.name")?;
    if truthy(create) && t.on("volume.enabled")? {
        let gp = json!("gp");
        let app = json!(t.app()?);
        return Ok(printf("%s-%s", &[Some(&app), default(name, Some(&gp))]));
    }
    let gp2 = json!("gp2");
    Ok(gotmpl::print(default(name, Some(&gp2))))
}

/// `{{ toYaml X }}` after a key's indentation on its own line: only what
/// YAML writes on one line stays below the key.
fn one_line_yaml(t: &Tpl<'_>, value: Option<&Value>, what: &str) -> Value {
    let fits = match value {
        Some(Value::Array(items)) => {
            items.len() <= 1 && items.iter().all(|i| !i.is_object() && !i.is_array())
        }
        Some(Value::Object(map)) => {
            map.len() <= 1 && map.values().all(|v| !v.is_object() && !v.is_array())
        }
        Some(Value::String(s)) => !s.contains('\n'),
        _ => true,
    };
    if !fits {
        t.breaks(format!(
            "`{what}` spans several lines: k8app writes it on one indented line"
        ));
    }
    gotmpl::to_yaml(value)
}

/// The claim template.
pub(crate) fn claim(t: &Tpl<'_>, out: &mut Vec<Draft>) -> Result<(), RenderError> {
    if !t.on("volume.enabled")? {
        return Ok(());
    }
    let app = t.app_by_template()?;
    let labels = t.versioned_labels(app)?;
    let access_modes = one_line_yaml(t, t.val("volume.accessModes")?, "volume.accessModes");
    let class = class_name(t)?;
    let one_gi = json!("1Gi");
    let storage = t.plain(default(
        t.val("volume.resources.requests.storage")?,
        Some(&one_gi),
    ));
    let object = Obj::new()
        .with("apiVersion", "v1")
        .with("kind", "PersistentVolumeClaim")
        .with("metadata", metadata(t, labels, &format!("{app}-claim")))
        .with(
            "spec",
            json!({
                "accessModes": access_modes,
                "storageClassName": t.value(&class),
                "resources": {"requests": {"storage": storage}}
            }),
        );
    out.push(Draft::new(
        t.path,
        paths(&["volume.enabled"]),
        object.into(),
    ));
    Ok(())
}

/// `storage-class.yaml`: a StorageClass when `volume.storageClass.create`
/// is set and the volume is enabled.
pub(crate) fn class(t: &Tpl<'_>, out: &mut Vec<Draft>) -> Result<(), RenderError> {
    if !truthy(t.val("volume.storageClass.create")?) || !t.on("volume.enabled")? {
        return Ok(());
    }
    let app = t.app()?;
    let labels = t.versioned_labels(app)?;
    let name = class_name(t)?;
    let ebs = json!("kubernetes.io/aws-ebs");
    let provisioner = t.plain(default(
        t.val("volume.storageClass.create.provisioner")?,
        Some(&ebs),
    ));
    let mut object = Obj::new()
        .with("apiVersion", "storage.k8s.io/v1")
        .with("kind", "StorageClass")
        .with("metadata", metadata(t, labels, &name))
        .with("provisioner", provisioner)
        .with("volumeBindingMode", "WaitForFirstConsumer");
    let options = t.val("volume.storageClass.create.mountOptions")?;
    if truthy(options) {
        object = object.with(
            "mountOptions",
            one_line_yaml(t, options, "volume.storageClass.create.mountOptions"),
        );
    }
    let parameters = t.val("volume.storageClass.create.parameters")?;
    let object = object.with(
        "parameters",
        if truthy(parameters) {
            gotmpl::to_yaml(parameters)
        } else {
            Value::Null
        },
    );
    out.push(Draft::new(
        t.path,
        paths(&["volume.storageClass.create"]),
        object.into(),
    ));
    Ok(())
}

/// The metadata both volume templates write: namespace, empty annotations,
/// the versioned labels and the name, in their order.
fn metadata(t: &Tpl<'_>, labels: Obj, name: &str) -> Obj {
    Obj::new()
        .with("namespace", t.value(t.namespace()))
        .with("annotations", json!({}))
        .with("labels", labels)
        .with("name", t.value(name))
}
