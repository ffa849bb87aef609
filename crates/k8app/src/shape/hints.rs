//! Help for shape issues: keys known to be used by mistake in real values files,
//! did-you-mean among sibling keys, and the "quote it" hint.

use gg_yaml::{Node, NodeKind, PathSegment, ScalarQuirk};

/// A place where a known mistake is made, with what to do instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct KnownHint {
    /// Path pattern: keys, `*` for any key, `[]` for any index.
    pub(crate) pattern: &'static [&'static str],
    /// True for an unknown key at the path, false for a wrongly typed value there.
    pub(crate) unknown_key: bool,
    /// The key that was meant, when there is one.
    pub(crate) suggestion: Option<&'static str>,
    /// What to do.
    pub(crate) hint: &'static str,
}

const fn unknown(
    pattern: &'static [&'static str],
    suggestion: Option<&'static str>,
    hint: &'static str,
) -> KnownHint {
    KnownHint {
        pattern,
        unknown_key: true,
        suggestion,
        hint,
    }
}

const fn wrong_type(pattern: &'static [&'static str], hint: &'static str) -> KnownHint {
    KnownHint {
        pattern,
        unknown_key: false,
        suggestion: None,
        hint,
    }
}

/// Known mistakes (reference §7.6 and §2).
const KNOWN_HINTS: &[KnownHint] = &[
    unknown(
        &["replicaCount"],
        Some("replicas"),
        "k8app reads `replicas`; with `replicaCount` the chart default (1) is used",
    ),
    unknown(
        &["hpa", "minReplicas"],
        Some("replicas"),
        "k8app uses top-level `replicas` as the HPA minimum; `hpa.minReplicas` is ignored",
    ),
    unknown(
        &["hpa", "targetCPUUtilizationPercentage"],
        Some("cpu"),
        "k8app reads the CPU target from `hpa.cpu` (percent); this key is ignored",
    ),
    unknown(
        &["hpa", "targetMemoryUtilizationPercentage"],
        Some("memory"),
        "k8app reads the memory target from `hpa.memory` (percent); this key is ignored",
    ),
    unknown(
        &["service", "type"],
        None,
        "k8app hardcodes `type: ClusterIP`; use `serviceExternal`/`serviceInternal` for a LoadBalancer",
    ),
    unknown(
        &["labels"],
        None,
        "k8app does not read top-level `labels`; it sets `app`, `chart`, `release` and `appver` itself",
    ),
    unknown(
        &["annotations"],
        None,
        "k8app does not read top-level `annotations`; use `service.annotations`, `ingress.annotations` or `httpRoute.annotations`",
    ),
    unknown(
        &["vault"],
        None,
        "k8app ignores `vault`: list env vars in `secrets` (ENV: /prefix/service/env/config) and set `secretsProvider.provider: vault`",
    ),
    unknown(
        &["valult"],
        None,
        "k8app fails the render when `valult` is set (\"DEPRECATED: 'valult' parameter\"); remove it and use `secrets` + `secretsProvider`",
    ),
    unknown(
        &["SecretProviderClass"],
        None,
        "`SecretProviderClass` was read by k8app 3.1.x-3.3.x (an AWS CSI SecretProviderClass); since the 3.4.0 secrets overhaul list env vars in `secrets` and choose the backend with `secretsProvider.provider`",
    ),
    unknown(
        &["podDisruptionBudget"],
        Some("pdb"),
        "k8app reads `pdb` (`enabled`, `maxUnavailable` or `minAvailable`)",
    ),
    unknown(
        &["autoscaling"],
        Some("hpa"),
        "k8app reads `hpa` (`enabled`, `maxReplicas`, `cpu`, `memory`; minimum = `replicas`)",
    ),
    unknown(
        &["env"],
        None,
        "k8app has no `env`: put plain values in `configmap` and Vault references in `secrets`",
    ),
    unknown(
        &["extensions", "*", "resources"],
        None,
        "k8app ignores `resources` of extensions in the main pod (from 3.13.0 only worker pods apply them): the sidecar runs without requests or limits",
    ),
    unknown(
        &["extensions", "*", "ports"],
        None,
        "k8app renders no container ports for extensions; this key is ignored",
    ),
    unknown(
        &["extensions", "*", "image", "pullPolicy"],
        None,
        "k8app ignores `pullPolicy` of extensions",
    ),
    unknown(
        &["tolerations", "*"],
        None,
        "`tolerations` is a list of {key, operator, value, effect}; the chart's `{}` default is only an empty placeholder",
    ),
    wrong_type(
        &["imagePullSecrets", "[]"],
        "each item must be `{name: <secret>}`: k8app renders the list verbatim into the pod",
    ),
    wrong_type(
        &["initContainers"],
        "k8app has a single init container: a mapping `{command: [...], args: [...]}`, not a list",
    ),
    wrong_type(
        &["extensions"],
        "`extensions` is a mapping of sidecar name -> container (a list since 3.2.0 no longer works)",
    ),
    wrong_type(
        &["service", "ports"],
        "`service.ports` is a mapping of port name -> {externalPort, internalPort, protocol}",
    ),
];

/// The known mistake at `path`, if any.
pub(crate) fn known_hint(path: &[PathSegment], unknown_key: bool) -> Option<&'static KnownHint> {
    KNOWN_HINTS
        .iter()
        .find(|known| known.unknown_key == unknown_key && pattern_matches(known.pattern, path))
}

fn pattern_matches(pattern: &[&str], path: &[PathSegment]) -> bool {
    pattern.len() == path.len()
        && pattern.iter().zip(path).all(|(want, have)| match have {
            PathSegment::Key(key) => *want == "*" || want == key,
            PathSegment::Index(_) => *want == "[]",
        })
}

/// The sibling key most likely meant by `key`: the same key in another case, or
/// a close spelling (Jaro-Winkler similarity of at least 0.88).
pub(crate) fn did_you_mean<'k>(key: &str, siblings: &[&'k str]) -> Option<&'k str> {
    const MIN_SIMILARITY: f64 = 0.88;
    let lowered = key.to_lowercase();
    if let Some(same) = siblings.iter().find(|s| s.to_lowercase() == lowered) {
        return Some(same);
    }
    siblings
        .iter()
        .map(|sibling| {
            (
                strsim::jaro_winkler(&lowered, &sibling.to_lowercase()),
                *sibling,
            )
        })
        .filter(|(score, _)| *score >= MIN_SIMILARITY)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, sibling)| sibling)
}

/// Help for a non-string scalar where a string is expected.
pub(crate) fn quote_hint(node: &Node) -> Option<&'static str> {
    match (&node.kind, &node.quirk) {
        (_, Some(ScalarQuirk::Yaml11Bool)) => {
            Some("quote it: Helm (YAML 1.1) reads unquoted yes/no/on/off as a boolean")
        }
        (NodeKind::Int(_) | NodeKind::Float(_), _) => Some(
            "quote it (e.g. \"20240101\"): Helm reads an unquoted all-digit or numeric-looking value as a number",
        ),
        (NodeKind::Bool(_), _) => Some("quote it: Helm reads unquoted true/false as a boolean"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(path: &[&str]) -> Vec<PathSegment> {
        path.iter()
            .map(|k| {
                k.parse::<usize>()
                    .map_or_else(|_| PathSegment::Key((*k).to_owned()), PathSegment::Index)
            })
            .collect()
    }

    #[test]
    fn known_unknown_keys_have_hints_and_suggestions() {
        let cases: &[(&[&str], Option<&str>)] = &[
            (&["replicaCount"], Some("replicas")),
            (&["hpa", "minReplicas"], Some("replicas")),
            (&["hpa", "targetCPUUtilizationPercentage"], Some("cpu")),
            (&["podDisruptionBudget"], Some("pdb")),
            (&["autoscaling"], Some("hpa")),
            (&["service", "type"], None),
            (&["labels"], None),
            (&["annotations"], None),
            (&["vault"], None),
            (&["valult"], None),
            (&["SecretProviderClass"], None),
            (&["env"], None),
            (&["extensions", "auth-adapter", "resources"], None),
            (&["extensions", "auth-adapter", "ports"], None),
            (&["extensions", "x", "image", "pullPolicy"], None),
        ];
        for (path, suggestion) in cases {
            let known = known_hint(&keys(path), true).unwrap_or_else(|| panic!("{path:?}"));
            assert_eq!(known.suggestion, *suggestion, "{path:?}");
            assert!(!known.hint.is_empty());
        }
    }

    #[test]
    fn keys_of_older_releases_name_the_release_and_the_replacement() {
        let known = known_hint(&keys(&["SecretProviderClass"]), true);
        let hint = known.map(|k| k.hint).unwrap_or_default();
        assert!(hint.contains("3.1.x") && hint.contains("3.4.0"), "{hint}");
        assert!(hint.contains("`secrets`") && hint.contains("`secretsProvider.provider`"));
    }

    #[test]
    fn hints_do_not_match_other_places() {
        assert!(known_hint(&keys(&["service", "labels"]), true).is_none());
        assert!(known_hint(&keys(&["image", "pullPolicy"]), true).is_none());
        assert!(known_hint(&keys(&["replicaCount"]), false).is_none());
        assert!(known_hint(&keys(&["imagePullSecrets", "0"]), false).is_some());
        assert!(known_hint(&keys(&["imagePullSecrets", "x"]), false).is_none());
    }

    #[test]
    fn did_you_mean_finds_close_siblings_only() {
        let siblings = [
            "replicas",
            "imagePullSecrets",
            "configmap",
            "secrets",
            "secretsProvider",
        ];
        assert_eq!(
            did_you_mean("imagePullSecret", &siblings),
            Some("imagePullSecrets")
        );
        assert_eq!(did_you_mean("configMap", &siblings), Some("configmap"));
        assert_eq!(did_you_mean("replica", &siblings), Some("replicas"));
        assert_eq!(
            did_you_mean("secretProvider", &siblings),
            Some("secretsProvider")
        );
        assert_eq!(did_you_mean("secret", &siblings), Some("secrets"));
        assert_eq!(did_you_mean("labels", &siblings), None);
        assert_eq!(did_you_mean("zzz", &siblings), None);
        assert_eq!(did_you_mean("x", &[]), None);
    }
}
