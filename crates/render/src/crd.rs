//! Typed custom resources (the fields gitops-guard renders plus the common
//! optional ones), each rejecting unknown fields: the source of their entries
//! in `models.json`, and the reference the read-back is tested against.

use std::collections::BTreeMap;

use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Declares a custom resource: `apiVersion`, `kind`, `metadata`, `spec`.
macro_rules! custom_resource {
    ($(#[$doc:meta])* $name:ident, $spec:ty) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
        #[serde(deny_unknown_fields, rename_all = "camelCase")]
        pub(crate) struct $name {
            /// `apiVersion`.
            pub(crate) api_version: String,
            /// `kind`.
            pub(crate) kind: String,
            /// `metadata`.
            pub(crate) metadata: ObjectMeta,
            /// `spec`.
            pub(crate) spec: $spec,
        }
    };
}

custom_resource!(
    /// `secrets.hashicorp.com/v1beta1` VaultStaticSecret.
    VaultStaticSecret,
    VaultStaticSecretSpec
);
custom_resource!(
    /// `secrets.hashicorp.com/v1beta1` VaultAuth.
    VaultAuth,
    VaultAuthSpec
);
custom_resource!(
    /// `gateway.networking.k8s.io/v1` HTTPRoute.
    HttpRoute,
    HttpRouteSpec
);
custom_resource!(
    /// `gateway.networking.k8s.io/v1` Gateway.
    Gateway,
    GatewaySpec
);
custom_resource!(
    /// `monitoring.coreos.com/v1` ServiceMonitor.
    ServiceMonitor,
    ServiceMonitorSpec
);
custom_resource!(
    /// `monitoring.coreos.com/v1` PrometheusRule.
    PrometheusRule,
    PrometheusRuleSpec
);
custom_resource!(
    /// `koudingspawn.de/v1` Vault: a Secret vault-crd keeps in sync with a
    /// Vault path (k8app's `vault-certs-crd.yaml` asks it for a certificate).
    KoudingspawnVault,
    KoudingspawnVaultSpec
);
custom_resource!(
    /// `argoproj.io/v1alpha1` Application.
    Application,
    ApplicationSpec
);
custom_resource!(
    /// `argoproj.io/v1alpha1` ApplicationSet.
    ApplicationSet,
    ApplicationSetSpec
);
custom_resource!(
    /// `secrets-store.csi.x-k8s.io/v1` SecretProviderClass.
    SecretProviderClass,
    SecretProviderClassSpec
);

/// VaultStaticSecret `spec`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub(crate) struct VaultStaticSecretSpec {
    /// VaultAuth in the same namespace.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vault_auth_ref: Option<String>,
    /// Vault namespace.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// KV mount.
    pub mount: String,
    /// `kv-v1` or `kv-v2`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Secret path below the mount.
    pub path: String,
    /// KV v2 version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<i64>,
    /// Resync period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_after: Option<String>,
    /// HMAC the secret data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hmac_secret_data: Option<bool>,
    /// Workloads restarted on change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rollout_restart_targets: Option<Vec<Value>>,
    /// The Kubernetes Secret written.
    pub destination: Destination,
    /// Sync settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sync_config: Option<Value>,
}

/// VaultStaticSecret `spec.destination`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub(crate) struct Destination {
    /// Secret name.
    pub name: String,
    /// Create it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub create: Option<bool>,
    /// Overwrite it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overwrite: Option<bool>,
    /// Labels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub labels: Option<BTreeMap<String, String>>,
    /// Annotations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annotations: Option<BTreeMap<String, String>>,
    /// Secret type.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Key transformation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transformation: Option<Value>,
}

/// VaultAuth `spec`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub(crate) struct VaultAuthSpec {
    /// VaultConnection.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vault_connection_ref: Option<String>,
    /// Auth method.
    pub method: String,
    /// Auth mount.
    pub mount: String,
    /// Kubernetes method settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kubernetes: Option<VaultAuthKubernetes>,
    /// Namespaces allowed to use it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allowed_namespaces: Option<Vec<String>>,
}

/// VaultAuth `spec.kubernetes`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub(crate) struct VaultAuthKubernetes {
    /// Vault role.
    pub role: String,
    /// Service account.
    pub service_account: String,
    /// Token audiences.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audiences: Option<Vec<String>>,
    /// Token lifetime.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_expiration_seconds: Option<i64>,
}

/// HTTPRoute `spec`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub(crate) struct HttpRouteSpec {
    /// Gateways attached to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_refs: Option<Vec<ParentRef>>,
    /// Hostnames.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hostnames: Option<Vec<String>>,
    /// Rules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rules: Option<Vec<HttpRouteRule>>,
}

/// A `parentRefs` item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub(crate) struct ParentRef {
    /// API group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// Kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Namespace.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// Name.
    pub name: String,
    /// Listener.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section_name: Option<String>,
    /// Port.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<i32>,
}

/// An HTTPRoute rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub(crate) struct HttpRouteRule {
    /// Rule name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Matches (an empty item matches everything).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub matches: Option<Vec<Option<HttpRouteMatch>>>,
    /// Filters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filters: Option<Vec<Value>>,
    /// Backends.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backend_refs: Option<Vec<BackendRef>>,
    /// Timeouts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeouts: Option<Value>,
}

/// An HTTPRoute match.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub(crate) struct HttpRouteMatch {
    /// Path match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<PathMatch>,
    /// Header matches.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub headers: Option<Vec<HeaderMatch>>,
    /// Query parameter matches.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query_params: Option<Vec<HeaderMatch>>,
    /// Method.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
}

/// A path match.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct PathMatch {
    /// `Exact`, `PathPrefix`, `RegularExpression`.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// The path.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

/// A header (or query parameter) match.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct HeaderMatch {
    /// `Exact` or `RegularExpression`.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Name.
    pub name: String,
    /// Value.
    pub value: String,
}

/// A backend reference.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub(crate) struct BackendRef {
    /// API group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// Kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Name.
    pub name: String,
    /// Namespace.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// Port.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<i32>,
    /// Weight.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<i32>,
    /// Filters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filters: Option<Vec<Value>>,
}

/// Gateway `spec`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub(crate) struct GatewaySpec {
    /// GatewayClass.
    pub gateway_class_name: String,
    /// Listeners.
    pub listeners: Vec<Listener>,
    /// Addresses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub addresses: Option<Vec<Value>>,
}

/// A Gateway listener.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub(crate) struct Listener {
    /// Name.
    pub name: String,
    /// Hostname.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hostname: Option<String>,
    /// Port.
    pub port: i32,
    /// Protocol.
    pub protocol: String,
    /// TLS settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tls: Option<Value>,
    /// Which routes may attach.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allowed_routes: Option<Value>,
}

/// ServiceMonitor `spec`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub(crate) struct ServiceMonitorSpec {
    /// Services selected.
    pub selector: LabelSelector,
    /// Namespaces searched.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace_selector: Option<NamespaceSelector>,
    /// Scrape endpoints.
    pub endpoints: Vec<Endpoint>,
    /// Job label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job_label: Option<String>,
}

/// ServiceMonitor `spec.namespaceSelector`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub(crate) struct NamespaceSelector {
    /// All namespaces.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub any: Option<bool>,
    /// Namespaces.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub match_names: Option<Vec<String>>,
}

/// A ServiceMonitor endpoint.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub(crate) struct Endpoint {
    /// Service port name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<String>,
    /// Target port.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_port: Option<Value>,
    /// HTTP path.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// Scheme.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scheme: Option<String>,
    /// Interval.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interval: Option<String>,
    /// Timeout.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scrape_timeout: Option<String>,
    /// Relabelings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relabelings: Option<Vec<Value>>,
    /// Metric relabelings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metric_relabelings: Option<Vec<Value>>,
    /// Honor labels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub honor_labels: Option<bool>,
}

/// PrometheusRule `spec`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub(crate) struct PrometheusRuleSpec {
    /// Rule groups.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub groups: Option<Vec<RuleGroup>>,
}

/// A PrometheusRule group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RuleGroup {
    /// Group name.
    pub name: String,
    /// Evaluation interval.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interval: Option<String>,
    /// Series limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<i32>,
    /// Labels added to every rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub labels: Option<BTreeMap<String, String>>,
    /// Query offset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query_offset: Option<String>,
    /// Thanos partial response strategy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partial_response_strategy: Option<String>,
    /// Alerting and recording rules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rules: Option<Vec<Rule>>,
}

/// An alerting or recording rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Rule {
    /// Alert name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alert: Option<String>,
    /// Recorded series name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record: Option<String>,
    /// PromQL expression.
    pub expr: IntOrString,
    /// Pending duration.
    #[serde(default, rename = "for", skip_serializing_if = "Option::is_none")]
    pub pending: Option<String>,
    /// Firing duration after the condition cleared.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keep_firing_for: Option<String>,
    /// Labels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub labels: Option<BTreeMap<String, String>>,
    /// Annotations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annotations: Option<BTreeMap<String, String>>,
}

/// koudingspawn Vault `spec`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub(crate) struct KoudingspawnVaultSpec {
    /// Vault path.
    pub path: String,
    /// `KEYVALUE`, `KEYVALUEV2`, `PKI`, `CERT`, `DOCKERCFG`, `PROPERTIES`.
    #[serde(rename = "type")]
    pub kind: String,
    /// PKI settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pki_configuration: Option<Value>,
    /// Docker config settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub docker_cfg: Option<Value>,
    /// Properties file settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub properties_configuration: Option<Value>,
    /// KV v2 version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version_configuration: Option<Value>,
    /// Restart pods on change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change_adjustment_callback: Option<Value>,
}

/// Application `spec`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub(crate) struct ApplicationSpec {
    /// AppProject.
    pub project: String,
    /// Sources.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sources: Option<Vec<ApplicationSource>>,
    /// Single source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<ApplicationSource>,
    /// Destination.
    pub destination: ApplicationDestination,
    /// Sync policy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sync_policy: Option<SyncPolicy>,
    /// Ignored differences.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ignore_differences: Option<Vec<IgnoreDifference>>,
    /// History kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision_history_limit: Option<i64>,
}

/// An Application source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub(crate) struct ApplicationSource {
    /// Repository.
    #[serde(rename = "repoURL")]
    pub repo_url: String,
    /// Helm chart.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chart: Option<String>,
    /// Path in the repository.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// Revision.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_revision: Option<String>,
    /// `ref` name for `$ref/` value files.
    #[serde(default, rename = "ref", skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// Helm settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub helm: Option<HelmSource>,
}

/// An Application source's `helm`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub(crate) struct HelmSource {
    /// Value files, lowest priority first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_files: Option<Vec<String>>,
    /// Release name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub release_name: Option<String>,
    /// Inline values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub values: Option<String>,
}

/// An Application destination.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub(crate) struct ApplicationDestination {
    /// API server.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server: Option<String>,
    /// Cluster name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Namespace.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
}

/// An Application sync policy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub(crate) struct SyncPolicy {
    /// Automated sync.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub automated: Option<Automated>,
    /// Sync options.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sync_options: Option<Vec<String>>,
    /// Retry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry: Option<Value>,
}

/// `syncPolicy.automated`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub(crate) struct Automated {
    /// Prune.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prune: Option<bool>,
    /// Self-heal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub self_heal: Option<bool>,
}

/// An `ignoreDifferences` item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub(crate) struct IgnoreDifference {
    /// API group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// Kind.
    pub kind: String,
    /// JSON pointers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub json_pointers: Option<Vec<String>>,
}

/// ApplicationSet `spec`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub(crate) struct ApplicationSetSpec {
    /// Go templates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub go_template: Option<bool>,
    /// Go template options.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub go_template_options: Option<Vec<String>>,
    /// Generators.
    pub generators: Vec<Value>,
    /// The Application template.
    pub template: ApplicationTemplate,
}

/// ApplicationSet `spec.template`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub(crate) struct ApplicationTemplate {
    /// Metadata of each Application.
    pub metadata: ObjectMeta,
    /// Spec of each Application.
    pub spec: ApplicationSpec,
}

/// SecretProviderClass `spec`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub(crate) struct SecretProviderClassSpec {
    /// Provider.
    pub provider: String,
    /// Provider parameters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parameters: Option<BTreeMap<String, String>>,
    /// Secrets synced into Kubernetes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_objects: Option<Vec<SecretObject>>,
}

/// A `secretObjects` item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub(crate) struct SecretObject {
    /// Secret name.
    pub secret_name: String,
    /// Secret type.
    #[serde(rename = "type")]
    pub kind: String,
    /// Keys.
    pub data: Vec<SecretObjectData>,
}

/// A `secretObjects[].data` item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub(crate) struct SecretObjectData {
    /// Object name.
    pub object_name: String,
    /// Secret key.
    pub key: String,
}
