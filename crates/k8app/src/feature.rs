//! Chart behaviours that appeared (or went away) in a given k8app release:
//! every template delta between releases is one of these, so the renderer,
//! the schema and the shape checks ask a version whether it has one.

use crate::version::ChartVersion;

/// A chart behaviour introduced by one k8app release (and, for a few,
/// removed by a later one).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Feature {
    /// `sharedVolumes` (3.5.0).
    SharedVolumes,
    /// The init container starts its own line; 3.4.0 and 3.5.0 glue
    /// `initContainers:` to the line before it (3.5.1).
    InitContainersOnOwnLine,
    /// VaultStaticSecret annotation `app.kubernetes.io/version: <image.tag>` (3.5.2).
    VaultSecretVersionAnnotation,
    /// `httpRoute`: a Gateway API HTTPRoute (3.6.0; renamed `gateway` in 3.11.0).
    HttpRoute,
    /// `cache`: an ephemeral Redis per app (3.7.0).
    Cache,
    /// `serviceMonitor` and `cache.exporter.serviceMonitor` (3.8.0).
    ServiceMonitor,
    /// The secrets model of 3.9.0: paths as written with `{env}` replaced,
    /// one VaultStaticSecret and Secret `{app}-vault-{i}` per path, pods
    /// read them with `envFrom`.
    SecretsPerPath,
    /// Labels carry the image tag through `k8app.labelVersion`: `...` and its
    /// last 10 characters when longer than 63 (3.9.1).
    LabelVersion,
    /// `k8app.labelVersion` keeps the last 63 characters instead (3.9.2).
    LabelVersionTail,
    /// `configfiles.files`: single files mounted with `subPath` (3.10.0).
    ConfigFileItems,
    /// ArgoCD sync waves on every object (3.10.1).
    SyncWaves,
    /// `commands` / `args` items are quoted (3.10.2).
    QuotedCommandItems,
    /// Workers get the pod's `imagePullSecrets` (3.10.3).
    WorkerImagePullSecrets,
    /// A worker may override the image (`worker.spec.<name>.image`, 3.10.4).
    WorkerImage,
    /// Jobs and CronJobs read Vault secrets with `envFrom` (3.10.5).
    JobVaultSecrets,
    /// VaultStaticSecrets are no Helm hooks any more (3.10.6).
    VaultSecretWithoutHooks,
    /// Jobs get the pod's `imagePullSecrets` (3.10.7).
    JobImagePullSecrets,
    /// Jobs are sync wave -1 instead of Helm hooks (3.10.9).
    JobSyncWave,
    /// `gateway` replaces `httpRoute`: hostname, path, parentRef and backend
    /// defaults (3.11.0).
    Gateway,
    /// HTTPRoute refs carry `group`, `kind` and `weight` (3.11.1).
    ExplicitRouteRefs,
    /// Jobs are ArgoCD PreSync hooks (3.11.2).
    JobPreSyncHook,
    /// `{env}` in `configmap` values is replaced by `environment` (3.12.0).
    ConfigMapEnvPlaceholder,
    /// `configmap` values are printed before `{env}` is replaced (3.12.1).
    ConfigMapToString,
    /// `NOTES.txt` (3.13.0).
    Notes,
    /// `persistent-volume.yaml` instead of `persistant-volime.yaml` (3.13.0).
    PersistentVolumeFileName,
    /// A PodDisruptionBudget defaults to `policy/v1` (3.13.0).
    PdbPolicyV1Default,
    /// Workers get the service account of `rbac.create`, config files,
    /// shared volumes, the cache URL, sidecars and tolerations (3.13.0).
    WorkerPodFeatures,
    /// Jobs and CronJobs get config files, resources and the legacy pull
    /// secret; CronJobs read `jaegerEnabled` (3.13.0).
    JobPodFeatures,
    /// Pod parts written by shared helpers (3.13.0): the CSI mount loses
    /// `readOnly`, `envFrom` names are written plain.
    SharedHelpers,
}

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

const fn info(since: ChartVersion, id: &'static str, hint: &'static str) -> Info {
    Info {
        since,
        until: None,
        id,
        hint,
    }
}

impl Feature {
    /// Every feature, oldest first.
    pub const ALL: [Feature; 29] = [
        Feature::SharedVolumes,
        Feature::InitContainersOnOwnLine,
        Feature::VaultSecretVersionAnnotation,
        Feature::HttpRoute,
        Feature::Cache,
        Feature::ServiceMonitor,
        Feature::SecretsPerPath,
        Feature::LabelVersion,
        Feature::LabelVersionTail,
        Feature::ConfigFileItems,
        Feature::SyncWaves,
        Feature::QuotedCommandItems,
        Feature::WorkerImagePullSecrets,
        Feature::WorkerImage,
        Feature::JobVaultSecrets,
        Feature::VaultSecretWithoutHooks,
        Feature::JobImagePullSecrets,
        Feature::JobSyncWave,
        Feature::Gateway,
        Feature::ExplicitRouteRefs,
        Feature::JobPreSyncHook,
        Feature::ConfigMapEnvPlaceholder,
        Feature::ConfigMapToString,
        Feature::Notes,
        Feature::PersistentVolumeFileName,
        Feature::PdbPolicyV1Default,
        Feature::WorkerPodFeatures,
        Feature::JobPodFeatures,
        Feature::SharedHelpers,
    ];

    const fn info(self) -> Info {
        match self {
            Feature::SharedVolumes => info(
                v(5, 0),
                "sharedVolumes",
                "`sharedVolumes` needs k8app 3.5.0+; older charts ignore it",
            ),
            Feature::InitContainersOnOwnLine => info(
                v(5, 1),
                "initContainersOnOwnLine",
                "`initContainers` renders on its own line from k8app 3.5.1 on",
            ),
            Feature::VaultSecretVersionAnnotation => info(
                v(5, 2),
                "vaultSecretVersionAnnotation",
                "the VaultStaticSecret version annotation needs k8app 3.5.2+",
            ),
            Feature::HttpRoute => Info {
                since: v(6, 0),
                until: Some(v(11, 0)),
                id: "httpRoute",
                hint: "`httpRoute` exists in k8app 3.6.0 to 3.10.9 (3.11.0 renamed it `gateway`); other charts ignore it",
            },
            Feature::Cache => info(
                v(7, 0),
                "cache",
                "`cache` needs k8app 3.7.0+; older charts ignore it",
            ),
            Feature::ServiceMonitor => info(
                v(8, 0),
                "serviceMonitor",
                "`serviceMonitor` needs k8app 3.8.0+; older charts ignore it",
            ),
            Feature::SecretsPerPath => info(
                v(9, 0),
                "secretsPerPath",
                "one Secret per Vault path needs k8app 3.9.0+",
            ),
            Feature::LabelVersion => info(
                v(9, 1),
                "labelVersion",
                "shortened version labels need k8app 3.9.1+",
            ),
            Feature::LabelVersionTail => info(
                v(9, 2),
                "labelVersionTail",
                "version labels keep the tag's end from k8app 3.9.2 on",
            ),
            Feature::ConfigFileItems => info(
                v(10, 0),
                "configFileItems",
                "`configfiles.files` needs k8app 3.10.0+; older charts ignore it",
            ),
            Feature::SyncWaves => info(v(10, 1), "syncWaves", "sync waves need k8app 3.10.1+"),
            Feature::QuotedCommandItems => info(
                v(10, 2),
                "quotedCommandItems",
                "quoted command items need k8app 3.10.2+",
            ),
            Feature::WorkerImagePullSecrets => info(
                v(10, 3),
                "workerImagePullSecrets",
                "worker pull secrets need k8app 3.10.3+",
            ),
            Feature::WorkerImage => info(
                v(10, 4),
                "workerImage",
                "`worker.spec.<name>.image` needs k8app 3.10.4+; older charts ignore it",
            ),
            Feature::JobVaultSecrets => info(
                v(10, 5),
                "jobVaultSecrets",
                "Vault secrets in Jobs need k8app 3.10.5+",
            ),
            Feature::VaultSecretWithoutHooks => info(
                v(10, 6),
                "vaultSecretWithoutHooks",
                "VaultStaticSecrets without Helm hooks need k8app 3.10.6+",
            ),
            Feature::JobImagePullSecrets => info(
                v(10, 7),
                "jobImagePullSecrets",
                "Job pull secrets need k8app 3.10.7+",
            ),
            Feature::JobSyncWave => info(
                v(10, 9),
                "jobSyncWave",
                "Jobs in sync wave -1 need k8app 3.10.9+",
            ),
            Feature::Gateway => info(
                v(11, 0),
                "gateway",
                "`gateway` needs k8app 3.11.0+ (older charts read `httpRoute`)",
            ),
            Feature::ExplicitRouteRefs => info(
                v(11, 1),
                "explicitRouteRefs",
                "explicit route refs need k8app 3.11.1+",
            ),
            Feature::JobPreSyncHook => info(
                v(11, 2),
                "jobPreSyncHook",
                "Jobs as PreSync hooks need k8app 3.11.2+",
            ),
            Feature::ConfigMapEnvPlaceholder => info(
                v(12, 0),
                "configMapEnvPlaceholder",
                "`{env}` in `configmap` values needs k8app 3.12.0+; older charts keep it as written",
            ),
            Feature::ConfigMapToString => info(
                v(12, 1),
                "configMapToString",
                "non-string `configmap` values with `{env}` need k8app 3.12.1+",
            ),
            Feature::Notes => info(v(13, 0), "notes", "NOTES.txt exists from k8app 3.13.0 on"),
            Feature::PersistentVolumeFileName => info(
                v(13, 0),
                "persistentVolumeFileName",
                "persistent-volume.yaml exists from k8app 3.13.0 on",
            ),
            Feature::PdbPolicyV1Default => info(
                v(13, 0),
                "pdbPolicyV1Default",
                "PDBs default to policy/v1 from k8app 3.13.0 on",
            ),
            Feature::WorkerPodFeatures => info(
                v(13, 0),
                "workerPodFeatures",
                "workers get config files, shared volumes, sidecars and tolerations from k8app 3.13.0 on",
            ),
            Feature::JobPodFeatures => info(
                v(13, 0),
                "jobPodFeatures",
                "Jobs get config files and resources from k8app 3.13.0 on",
            ),
            Feature::SharedHelpers => info(
                v(13, 0),
                "sharedHelpers",
                "shared pod helpers exist from k8app 3.13.0 on",
            ),
        }
    }

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
        Self::ALL.into_iter().find(|feature| feature.id() == id)
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
        for feature in Feature::ALL {
            assert_eq!(Feature::from_id(feature.id()), Some(feature));
        }
        assert_eq!(Feature::from_id("nope"), None);
    }
}
