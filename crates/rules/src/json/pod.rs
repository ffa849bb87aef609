//! The pod spec of a workload and its containers, in any JSON tree: a live
//! object of an admission review or an object the renderer produced.

use crate::json::JsonTree;

/// Where the pod spec of each workload kind is (live objects and rendered
/// ones); `None` for kinds without one.
fn pod_spec_pointer(kind: &str) -> Option<&'static str> {
    match kind {
        "CronJob" => Some("/spec/jobTemplate/spec/template/spec"),
        "Pod" => Some("/spec"),
        "Deployment" | "StatefulSet" | "DaemonSet" | "Job" => Some("/spec/template/spec"),
        _ => None,
    }
}

/// The pod spec of an object of `kind` (a live object's body or a rendered
/// object), with its pointer.
pub(crate) fn pod_spec<'j, J: JsonTree>(
    kind: &str,
    object: &'j J,
) -> Option<(&'static str, &'j J)> {
    let pointer = pod_spec_pointer(kind)?;
    Some((pointer, object.lookup(pointer)?))
}

/// The container lists of a pod spec.
const CONTAINER_LISTS: &[&str] = &["initContainers", "containers", "ephemeralContainers"];

/// Every container of a pod spec: its list, its index there, the container.
pub(crate) fn containers<J: JsonTree>(spec: &J) -> impl Iterator<Item = (&'static str, usize, &J)> {
    CONTAINER_LISTS
        .iter()
        .filter_map(|list| Some((*list, spec.member(list)?.items()?)))
        .flat_map(|(list, items)| {
            items
                .iter()
                .enumerate()
                .map(move |(index, container)| (list, index, container))
        })
}
