//! The keys and value shapes the platform charts read from `platform/*.yaml`, and
//! a walker that reports unknown keys (with a did-you-mean) and wrong shapes.
//!
//! ArgoCD renders every platform chart from `platform/base.yaml` plus the chart's
//! own file, so one shape describes all of them.

use gg_yaml::{Node, NodeKind};

use crate::issue::issue;
use gg_diagnostic::{Diagnostic, rules};

/// The expected shape of a value.
#[derive(Debug)]
pub(crate) enum Shape {
    /// A string.
    Str,
    /// A boolean.
    Bool,
    /// An integer.
    Int,
    /// A string or a number (ArgoCD sync waves).
    StrOrInt,
    /// A boolean or a string (`autoSync`: platform-core hands it to an
    /// ApplicationSet list generator, which takes strings only).
    BoolOrStr,
    /// Anything (parts the platform charts pass through verbatim).
    Any,
    /// A mapping with these keys only.
    Map(&'static [(&'static str, Shape)]),
    /// A mapping with free keys, every value of this shape.
    Dict(&'static Shape),
    /// A sequence of items of this shape.
    List(&'static Shape),
}

use Shape::{Any, Bool, BoolOrStr, Dict, Int, List, Map, Str, StrOrInt};

const SECRET_REF: Shape = Map(&[("name", Str), ("key", Str)]);

/// Everything `platform/{base,core,preview}.yaml` may hold.
pub(crate) const PLATFORM: Shape = Map(&[
    (
        "global",
        Map(&[
            ("gitlabGroup", Str),
            ("brand", Str),
            ("vaultPathPrefix", Str),
            ("namespacePrefix", Str),
            (
                "k8app",
                Map(&[("repoURL", Str), ("chart", Str), ("version", Str)]),
            ),
            (
                "kubernetes",
                Map(&[("version", Str), ("apiVersions", List(&Str))]),
            ),
        ]),
    ),
    (
        "environments",
        Dict(&Map(&[
            ("enabled", Bool),
            ("autoSync", BoolOrStr),
            ("domain", Str),
            ("infraNamespace", Str),
            (
                "mirrors",
                List(&Map(&[
                    ("domain", Str),
                    ("zoneId", Str),
                    ("routes", List(&Any)),
                ])),
            ),
        ])),
    ),
    (
        "vault",
        Map(&[
            ("address", Str),
            ("mount", Str),
            ("tokenSecret", SECRET_REF),
        ]),
    ),
    (
        "vaultAuth",
        Map(&[("enabled", Bool), ("audiences", List(&Str))]),
    ),
    (
        "registry",
        Map(&[("enabled", Bool), ("secretName", Str), ("vaultPath", Str)]),
    ),
    (
        "applicationSet",
        Map(&[("project", Str), ("enabled", Bool), ("name", Str)]),
    ),
    (
        "dns",
        Map(&[
            ("enabled", Bool),
            ("provider", Str),
            (
                "cloudflare",
                Map(&[("proxied", Bool), ("secretName", Str), ("namespace", Str)]),
            ),
        ]),
    ),
    (
        "ingress",
        Map(&[
            ("provider", Str),
            (
                "cloudflare",
                Map(&[
                    ("enabled", Bool),
                    ("tunnelId", Str),
                    ("credentialsSecret", Str),
                    ("replicas", Int),
                    ("namespace", Str),
                ]),
            ),
        ]),
    ),
    (
        "previewEnvironments",
        Map(&[
            ("enabled", Bool),
            ("baseDomain", Str),
            ("zoneId", Str),
            ("sharedNamespace", Bool),
            (
                "gateway",
                Map(&[
                    ("namespace", Str),
                    ("gatewayClassName", Str),
                    ("protocol", Str),
                    ("port", Int),
                ]),
            ),
            ("vault", Map(&[("enabled", Bool), ("path", Str)])),
            (
                "gitlab",
                Map(&[
                    ("api", Str),
                    ("tokenRef", Map(&[("secretName", Str), ("key", Str)])),
                    ("requeueAfterSeconds", Int),
                ]),
            ),
            (
                "services",
                Dict(&Map(&[
                    ("enabled", Bool),
                    ("projectId", Str),
                    ("branchMatch", Str),
                    ("cicdPath", Str),
                    ("repoURL", Str),
                    ("namespace", Str),
                    ("appNameBase", Str),
                ])),
            ),
        ]),
    ),
    (
        "namespaces",
        Map(&[("enabled", Bool), ("labels", Dict(&Str))]),
    ),
    (
        "gateway",
        Map(&[
            ("enabled", Bool),
            ("gatewayClassName", Str),
            (
                "listener",
                Map(&[("name", Str), ("protocol", Str), ("port", Int)]),
            ),
            ("certManager", Map(&[("enabled", Bool), ("issuer", Str)])),
        ]),
    ),
    (
        "domainMirrors",
        Map(&[
            ("enabled", Bool),
            ("addToGateway", Bool),
            ("createDNS", Bool),
            ("addToTunnel", Bool),
            (
                "defaultRoutes",
                List(&Map(&[
                    ("name", Str),
                    ("path", Str),
                    ("pathType", Str),
                    ("serviceName", Str),
                    ("servicePort", Int),
                ])),
            ),
        ]),
    ),
    (
        "services",
        Dict(&Map(&[
            ("syncWave", StrOrInt),
            ("repoURL", Str),
            ("path", Str),
        ])),
    ),
    (
        "job",
        Map(&[
            ("enabled", Bool),
            ("image", Str),
            ("backoffLimit", Int),
            ("ttlSecondsAfterFinished", Int),
            ("hook", Str),
            ("hookDeletePolicy", Str),
            ("syncWave", StrOrInt),
        ]),
    ),
]);

/// The facts a service repository may declare (`platform:` of
/// `.gitops-guard.yaml`): the keys of `platform/base.yaml` the checks of a
/// service read.
pub(crate) const DECLARED: Shape = Map(&[
    (
        "global",
        Map(&[
            ("gitlabGroup", Str),
            ("vaultPathPrefix", Str),
            ("namespacePrefix", Str),
            (
                "k8app",
                Map(&[("repoURL", Str), ("chart", Str), ("version", Str)]),
            ),
        ]),
    ),
    (
        "environments",
        Dict(&Map(&[
            ("enabled", Bool),
            ("domain", Str),
            ("infraNamespace", Str),
        ])),
    ),
    ("vault", Map(&[("mount", Str)])),
    ("registry", Map(&[("enabled", Bool), ("secretName", Str)])),
]);

/// Reports every unknown key and wrongly shaped value of `node` (read from `file`).
pub(crate) fn check(node: &Node, shape: &Shape, file: &str) -> Vec<Diagnostic> {
    let mut issues = Vec::new();
    walk(node, shape, file, &mut Vec::new(), &mut issues);
    issues
}

fn walk(node: &Node, shape: &Shape, file: &str, path: &mut Vec<String>, out: &mut Vec<Diagnostic>) {
    if node.is_null() || matches!(shape, Any) {
        return;
    }
    match (shape, &node.kind) {
        (Str, NodeKind::String(_))
        | (Bool, NodeKind::Bool(_))
        | (Int, NodeKind::Int(_))
        | (StrOrInt, NodeKind::String(_) | NodeKind::Int(_))
        | (BoolOrStr, NodeKind::Bool(_) | NodeKind::String(_)) => {}
        (Map(fields), NodeKind::Map(mapping)) => {
            for (key, value) in &mapping.entries {
                path.push(key.name.clone());
                match fields.iter().find(|(name, _)| *name == key.name) {
                    Some((_, inner)) => walk(value, inner, file, path, out),
                    None => out.push(unknown_key(file, key, path, fields)),
                }
                path.pop();
            }
        }
        (Dict(inner), NodeKind::Map(mapping)) => {
            for (key, value) in &mapping.entries {
                path.push(key.name.clone());
                walk(value, inner, file, path, out);
                path.pop();
            }
        }
        (List(inner), NodeKind::Seq(items)) => {
            for (index, item) in items.iter().enumerate() {
                path.push(index.to_string());
                walk(item, inner, file, path, out);
                path.pop();
            }
        }
        _ => out.push(issue(
            &rules::TYPE_MISMATCH,
            file,
            Some(node.span),
            format!(
                "`{}` must be {}, found {}",
                path.join("."),
                expected(shape),
                found(node)
            ),
            format!("write `{}` as {}", path.join("."), expected(shape)),
        )),
    }
}

fn unknown_key(
    file: &str,
    key: &gg_yaml::Key,
    path: &[String],
    fields: &[(&'static str, Shape)],
) -> Diagnostic {
    let dotted = path.join(".");
    let parent = path
        .get(..path.len().saturating_sub(1))
        .unwrap_or_default()
        .join(".");
    let known = || {
        fields
            .iter()
            .map(|(name, _)| format!("`{name}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let help = match did_you_mean(&key.name, fields.iter().map(|(name, _)| *name)) {
        Some(suggestion) => format!("did you mean `{suggestion}`?"),
        None if parent.is_empty() => format!("the platform charts read only {}", known()),
        None => format!("the platform charts read only {} under `{parent}`", known()),
    };
    issue(
        &rules::UNKNOWN_KEY,
        file,
        Some(key.span),
        format!("unknown key `{dotted}`: no platform chart reads it"),
        help,
    )
}

/// The closest candidate to `name`, when one is close enough to be a typo.
pub(crate) fn did_you_mean<'a>(
    name: &str,
    candidates: impl Iterator<Item = &'a str>,
) -> Option<&'a str> {
    let lower = name.to_lowercase();
    candidates
        .map(|candidate| {
            (
                strsim::jaro_winkler(&lower, &candidate.to_lowercase()),
                candidate,
            )
        })
        .filter(|(score, _)| *score >= 0.85)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, candidate)| candidate)
}

fn expected(shape: &Shape) -> &'static str {
    match shape {
        Str => "a string",
        Bool => "a boolean (true/false)",
        Int => "an integer",
        StrOrInt => "a string or an integer",
        BoolOrStr => "a boolean or a string",
        Any => "any value",
        Map(_) | Dict(_) => "a mapping",
        List(_) => "a list",
    }
}

fn found(node: &Node) -> &'static str {
    match node.kind {
        NodeKind::Null => "null",
        NodeKind::Bool(_) => "a boolean",
        NodeKind::Int(_) => "an integer",
        NodeKind::Float(_) => "a number",
        NodeKind::String(_) => "a string",
        NodeKind::Seq(_) => "a list",
        NodeKind::Map(_) => "a mapping",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        let names = ["namespacePrefix", "vaultPathPrefix", "gitlabGroup"];
        assert_eq!(
            did_you_mean("namespacePrefx", names.into_iter()),
            Some("namespacePrefix")
        );
        assert_eq!(
            did_you_mean("NamespacePrefix", names.into_iter()),
            Some("namespacePrefix")
        );
        assert_eq!(did_you_mean("replicas", names.into_iter()), None);
    }
}
