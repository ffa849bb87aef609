//! Decides whether a host-shaped token names an in-cluster Service, and which one.

use serde::{Deserialize, Serialize};

use super::ScanContext;
use crate::k8app::K8appNames;
use crate::rule::validate_label;

/// How a reference names its Service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RefForm {
    /// `auth-adapter-sv` — resolved in the caller's own namespace.
    Short,
    /// `svc.ns` — namespace-qualified (`ns` is a known namespace).
    Namespaced,
    /// `svc.ns.svc` (or `pod.svc.ns.svc`).
    Svc,
    /// `svc.ns.svc.cluster.local`, optionally with a trailing dot.
    ClusterLocal,
}

/// A token recognised as a Service reference (slices of the host text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Classified<'a> {
    pub form: RefForm,
    pub service: &'a str,
    pub namespace: Option<&'a str>,
    /// Length of the host text that belongs to the reference (a sentence's trailing dot does not).
    pub host_len: usize,
}

const CLUSTER_LOCAL: [&str; 3] = ["svc", "cluster", "local"];

/// Namespace names (possible with an empty `namespacePrefix`) that are also public top-level
/// domains or mDNS: `web.dev` or `printer.local` is a domain unless a port says otherwise.
const PUBLIC_SUFFIXES: [&str; 10] = [
    "dev", "prod", "app", "live", "test", "local", "cloud", "run", "qa", "demo",
];

/// Classifies `host`. `in_url` and `has_port` are the syntax around it: a host after
/// `scheme://` or before `:port` is certainly a host, a bare word may be anything.
pub(super) fn classify<'a>(
    host: &'a str,
    in_url: bool,
    has_port: bool,
    ctx: &ScanContext,
) -> Option<Classified<'a>> {
    let name = host.strip_suffix('.').unwrap_or(host);
    if name.len() > 253 {
        return None;
    }
    let labels: Vec<&str> = name.split('.').collect();
    if !labels.iter().all(|label| validate_label(label).is_ok()) {
        return None;
    }
    let count = labels.len();
    let classified = |form, service: &'a str, namespace, host_len| {
        starts_with_letter(service).then_some(Classified {
            form,
            service,
            namespace,
            host_len,
        })
    };
    if count >= 5 && labels.get(count - 3..) == Some(&CLUSTER_LOCAL[..]) {
        let service = labels.get(count - 5)?;
        let namespace = labels.get(count - 4).copied();
        return classified(RefForm::ClusterLocal, service, namespace, host.len());
    }
    if count >= 3 && labels.last() == Some(&"svc") {
        let service = labels.get(count - 3)?;
        let namespace = labels.get(count - 2).copied();
        return classified(RefForm::Svc, service, namespace, name.len());
    }
    if count == 2 {
        let (service, namespace) = (labels.first()?, labels.get(1)?);
        let plausible =
            ctx.is_known_namespace(namespace) && (has_port || !PUBLIC_SUFFIXES.contains(namespace));
        return plausible
            .then(|| classified(RefForm::Namespaced, service, Some(*namespace), name.len()))
            .flatten();
    }
    if count == 1
        && (K8appNames::split_service_name(name).is_some()
            || ((in_url || has_port) && ctx.names_known_service(name)))
    {
        return classified(RefForm::Short, name, None, name.len());
    }
    None
}

fn starts_with_letter(label: &str) -> bool {
    label.starts_with(|c: char| c.is_ascii_lowercase())
}
