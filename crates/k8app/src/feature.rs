//! Chart behaviours that appeared (or went away) in a given k8app release:
//! every template delta between releases is one of these, so the renderer,
//! the schema and the shape checks ask a version whether it has one.

use crate::version::ChartVersion;

/// When a feature exists, what it is called in schemas, and the help for
/// a key used with a chart that lacks it.
struct Info {
    since: ChartVersion,
    until: Option<ChartVersion>,
    id: &'static str,
    hint: &'static str,
}

const fn v(minor: u32, patch: u32) -> ChartVersion {
    ChartVersion::new(3, minor, patch)
}

/// Declares every feature once: the variant with its doc, the release that
/// introduced it (and the one that removed it, if any), its schema id and
/// its hint. [`Feature::ALL`] lists them in declaration order.
macro_rules! features {
    ($(
        $(#[doc = $doc:literal])*
        $name:ident {
            since: $since:expr,
            $(until: $until:expr,)?
            id: $id:literal,
            hint: $hint:literal $(,)?
        }
    )*) => {
        /// A chart behaviour introduced by one k8app release (and, for a few,
        /// removed by a later one).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Feature {
            $($(#[doc = $doc])* $name,)*
        }

        impl Feature {
            /// Every feature, oldest first.
            pub const ALL: &'static [Feature] = &[$(Feature::$name),*];

            const fn info(self) -> Info {
                match self {
                    $(Feature::$name => Info {
                        since: $since,
                        until: features!(@until $($until)?),
                        id: $id,
                        hint: $hint,
                    },)*
                }
            }
        }
    };
    (@until) => { None };
    (@until $until:expr) => { Some($until) };
}

features! {
    /// `sharedVolumes` (3.5.0).
    SharedVolumes {
        since: v(5, 0),
        id: "sharedVolumes",
        hint: "`sharedVolumes` needs k8app 3.5.0+; older charts ignore it",
    }
    /// The init container starts its own line; 3.4.0 and 3.5.0 glue
    /// `initContainers:` to the line before it (3.5.1).
    InitContainersOnOwnLine {
        since: v(5, 1),
        id: "initContainersOnOwnLine",
        hint: "`initContainers` renders on its own line from k8app 3.5.1 on",
    }
    /// VaultStaticSecret annotation `app.kubernetes.io/version: <image.tag>` (3.5.2).
    VaultSecretVersionAnnotation {
        since: v(5, 2),
        id: "vaultSecretVersionAnnotation",
        hint: "the VaultStaticSecret version annotation needs k8app 3.5.2+",
    }
    /// `httpRoute`: a Gateway API HTTPRoute (3.6.0; renamed `gateway` in 3.11.0).
    HttpRoute {
        since: v(6, 0),
        until: v(11, 0),
        id: "httpRoute",
        hint: "`httpRoute` exists in k8app 3.6.0 to 3.10.9 (3.11.0 renamed it `gateway`); other charts ignore it",
    }
    /// `cache`: an ephemeral Redis per app (3.7.0).
    Cache {
        since: v(7, 0),
        id: "cache",
        hint: "`cache` needs k8app 3.7.0+; older charts ignore it",
    }
    /// `serviceMonitor` and `cache.exporter.serviceMonitor` (3.8.0).
    ServiceMonitor {
        since: v(8, 0),
        id: "serviceMonitor",
        hint: "`serviceMonitor` needs k8app 3.8.0+; older charts ignore it",
    }
    /// The secrets model of 3.9.0: paths as written with `{env}` replaced,
    /// one VaultStaticSecret and Secret `{app}-vault-{i}` per path, pods
    /// read them with `envFrom`.
    SecretsPerPath {
        since: v(9, 0),
        id: "secretsPerPath",
        hint: "one Secret per Vault path needs k8app 3.9.0+",
    }
    /// Labels carry the image tag through `k8app.labelVersion`: `...` and its
    /// last 10 characters when longer than 63 (3.9.1).
    LabelVersion {
        since: v(9, 1),
        id: "labelVersion",
        hint: "shortened version labels need k8app 3.9.1+",
    }
    /// `k8app.labelVersion` keeps the last 63 characters instead (3.9.2).
    LabelVersionTail {
        since: v(9, 2),
        id: "labelVersionTail",
        hint: "version labels keep the tag's end from k8app 3.9.2 on",
    }
    /// `configfiles.files`: single files mounted with `subPath` (3.10.0).
    ConfigFileItems {
        since: v(10, 0),
        id: "configFileItems",
        hint: "`configfiles.files` needs k8app 3.10.0+; older charts ignore it",
    }
    /// ArgoCD sync waves on every object (3.10.1).
    SyncWaves {
        since: v(10, 1),
        id: "syncWaves",
        hint: "sync waves need k8app 3.10.1+",
    }
    /// `commands` / `args` items are quoted (3.10.2).
    QuotedCommandItems {
        since: v(10, 2),
        id: "quotedCommandItems",
        hint: "quoted command items need k8app 3.10.2+",
    }
    /// Workers get the pod's `imagePullSecrets` (3.10.3).
    WorkerImagePullSecrets {
        since: v(10, 3),
        id: "workerImagePullSecrets",
        hint: "worker pull secrets need k8app 3.10.3+",
    }
    /// A worker may override the image (`worker.spec.<name>.image`, 3.10.4).
    WorkerImage {
        since: v(10, 4),
        id: "workerImage",
        hint: "`worker.spec.<name>.image` needs k8app 3.10.4+; older charts ignore it",
    }
    /// Jobs and CronJobs read Vault secrets with `envFrom` (3.10.5).
    JobVaultSecrets {
        since: v(10, 5),
        id: "jobVaultSecrets",
        hint: "Vault secrets in Jobs need k8app 3.10.5+",
    }
    /// VaultStaticSecrets are no Helm hooks any more (3.10.6).
    VaultSecretWithoutHooks {
        since: v(10, 6),
        id: "vaultSecretWithoutHooks",
        hint: "VaultStaticSecrets without Helm hooks need k8app 3.10.6+",
    }
    /// Jobs get the pod's `imagePullSecrets` (3.10.7).
    JobImagePullSecrets {
        since: v(10, 7),
        id: "jobImagePullSecrets",
        hint: "Job pull secrets need k8app 3.10.7+",
    }
    /// Jobs are sync wave -1 instead of Helm hooks (3.10.9).
    JobSyncWave {
        since: v(10, 9),
        id: "jobSyncWave",
        hint: "Jobs in sync wave -1 need k8app 3.10.9+",
    }
    /// `gateway` replaces `httpRoute`: hostname, path, parentRef and backend
    /// defaults (3.11.0).
    Gateway {
        since: v(11, 0),
        id: "gateway",
        hint: "`gateway` needs k8app 3.11.0+ (older charts read `httpRoute`)",
    }
    /// HTTPRoute refs carry `group`, `kind` and `weight` (3.11.1).
    ExplicitRouteRefs {
        since: v(11, 1),
        id: "explicitRouteRefs",
        hint: "explicit route refs need k8app 3.11.1+",
    }
    /// Jobs are ArgoCD PreSync hooks (3.11.2).
    JobPreSyncHook {
        since: v(11, 2),
        id: "jobPreSyncHook",
        hint: "Jobs as PreSync hooks need k8app 3.11.2+",
    }
    /// `{env}` in `configmap` values is replaced by `environment` (3.12.0).
    ConfigMapEnvPlaceholder {
        since: v(12, 0),
        id: "configMapEnvPlaceholder",
        hint: "`{env}` in `configmap` values needs k8app 3.12.0+; older charts keep it as written",
    }
    /// `configmap` values are printed before `{env}` is replaced (3.12.1).
    ConfigMapToString {
        since: v(12, 1),
        id: "configMapToString",
        hint: "non-string `configmap` values with `{env}` need k8app 3.12.1+",
    }
    /// `NOTES.txt` (3.13.0).
    Notes {
        since: v(13, 0),
        id: "notes",
        hint: "NOTES.txt exists from k8app 3.13.0 on",
    }
    /// `persistent-volume.yaml` instead of `persistant-volime.yaml` (3.13.0).
    PersistentVolumeFileName {
        since: v(13, 0),
        id: "persistentVolumeFileName",
        hint: "persistent-volume.yaml exists from k8app 3.13.0 on",
    }
    /// A PodDisruptionBudget defaults to `policy/v1` (3.13.0).
    PdbPolicyV1Default {
        since: v(13, 0),
        id: "pdbPolicyV1Default",
        hint: "PDBs default to policy/v1 from k8app 3.13.0 on",
    }
    /// Workers get the service account of `rbac.create`, config files,
    /// shared volumes, the cache URL, sidecars and tolerations (3.13.0).
    WorkerPodFeatures {
        since: v(13, 0),
        id: "workerPodFeatures",
        hint: "workers get config files, shared volumes, sidecars and tolerations from k8app 3.13.0 on",
    }
    /// Jobs and CronJobs get config files, resources and the legacy pull
    /// secret; CronJobs read `jaegerEnabled` (3.13.0).
    JobPodFeatures {
        since: v(13, 0),
        id: "jobPodFeatures",
        hint: "Jobs get config files and resources from k8app 3.13.0 on",
    }
    /// Pod parts written by shared helpers (3.13.0): the CSI mount loses
    /// `readOnly`, `envFrom` names are written plain.
    SharedHelpers {
        since: v(13, 0),
        id: "sharedHelpers",
        hint: "shared pod helpers exist from k8app 3.13.0 on",
    }
}

impl Feature {
    /// The first chart version with the feature.
    pub const fn since(self) -> ChartVersion {
        self.info().since
    }

    /// The first chart version without the feature again, if any.
    pub const fn until(self) -> Option<ChartVersion> {
        self.info().until
    }

    /// Whether `version` has the feature.
    pub fn in_version(self, version: ChartVersion) -> bool {
        version >= self.since() && self.until().is_none_or(|until| version < until)
    }

    /// A stable identifier, used as the `x-k8app-feature` schema annotation.
    pub const fn id(self) -> &'static str {
        self.info().id
    }

    /// The feature with this identifier.
    pub fn from_id(id: &str) -> Option<Feature> {
        Self::ALL.iter().copied().find(|feature| feature.id() == id)
    }

    /// Help for a key of this feature used with a chart that lacks it.
    pub const fn needs_newer_chart_hint(self) -> &'static str {
        self.info().hint
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feature_gates_follow_the_chart_tags() {
        let v = |s: &str| ChartVersion::parse(s).unwrap();
        assert!(!v("3.4.0").has(Feature::SharedVolumes));
        assert!(v("3.5.0").has(Feature::SharedVolumes));
        assert!(!v("3.5.0").has(Feature::InitContainersOnOwnLine));
        assert!(v("3.5.1").has(Feature::InitContainersOnOwnLine));
        assert!(!v("3.5.1").has(Feature::VaultSecretVersionAnnotation));
        assert!(v("3.5.2").has(Feature::VaultSecretVersionAnnotation));
        assert!(!v("3.5.2").has(Feature::HttpRoute));
        assert!(v("3.6").has(Feature::HttpRoute));
        assert!(v("3.10.9").has(Feature::HttpRoute));
        assert!(!v("3.11.0").has(Feature::HttpRoute));
        assert!(v("3.11.0").has(Feature::Gateway));
        assert!(!v("3.6").has(Feature::Cache));
        assert!(v("3.7").has(Feature::Cache));
        assert!(!v("3.7").has(Feature::ServiceMonitor));
        assert!(v("3.8").has(Feature::ServiceMonitor));
        assert!(!v("3.8").has(Feature::SecretsPerPath));
        assert!(v("3.9").has(Feature::SecretsPerPath));
        assert!(!v("3.12.1").has(Feature::Notes));
        assert!(v("3.13").has(Feature::Notes));
    }

    #[test]
    fn features_are_listed_oldest_first_with_unique_ids() {
        for pair in Feature::ALL.windows(2) {
            if let [a, b] = pair {
                assert!(a.since() <= b.since(), "{a:?} / {b:?}");
            }
        }
        for &feature in Feature::ALL {
            assert_eq!(Feature::from_id(feature.id()), Some(feature));
        }
        assert_eq!(Feature::from_id("nope"), None);
    }

    #[test]
    fn features_begin_and_end_at_modelled_releases() {
        let release = |version: ChartVersion| ChartVersion::releases().any(|r| r == version);
        for &feature in Feature::ALL {
            assert!(release(feature.since()), "{feature:?}");
            assert!(feature.until().is_none_or(release), "{feature:?}");
        }
    }
}
