//! What k8app writes the same way on its Jobs and CronJobs (`job.yaml`,
//! `cronjob.yaml`, `cloudflare-hook.yaml`): the object's head and its pod
//! template's metadata, both labelled with the group the object belongs to.

use serde_json::{Value, json};

use super::{Obj, Tpl};

/// The group a Job or CronJob belongs to: the label key that names it
/// (`job`, `cronjob`) and the group's name (`{app}-job`, `{app}-cron`).
pub(super) struct Group<'a> {
    /// The label key.
    label: &'static str,
    /// The group's name, quoted in the labels.
    name: &'a str,
}

impl<'a> Group<'a> {
    /// The group `name`, labelled `label`.
    pub(super) fn new(label: &'static str, name: &'a str) -> Self {
        Self { label, name }
    }
}

/// `apiVersion: batch/v1`, the kind and the metadata: the namespace, the
/// annotations when there are any, the labels `helm.sh/chart`, the group,
/// `chart` and `release`, and the object's `name` (already read back).
pub(super) fn head(
    t: &Tpl<'_>,
    kind: &str,
    group: &Group<'_>,
    name: Value,
    annotations: Option<Value>,
) -> Obj {
    let chart = t.chart_label();
    Obj::new()
        .with("apiVersion", "batch/v1")
        .with("kind", kind)
        .with(
            "metadata",
            Obj::new()
                .with("namespace", t.quoted(t.namespace()))
                .with_opt("annotations", annotations)
                .with(
                    "labels",
                    json!({"helm.sh/chart": chart, group.label: t.quoted(group.name), "chart": chart, "release": t.quoted(t.release())}),
                )
                .with("name", name),
        )
}

/// The pod template's (or job template's) metadata: the object's `name` and
/// the labels `helm.sh/chart` and the group.
pub(super) fn template_metadata(t: &Tpl<'_>, group: &Group<'_>, name: Value) -> Value {
    json!({"name": name, "labels": {"helm.sh/chart": t.chart_label(), group.label: t.quoted(group.name)}})
}
