//! Ingress, Gateway API HTTPRoute and the cloudflare purge hook.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::Value;

use super::scalar::{Extra, IntOrString};

/// Ingress `{appName}-ingress` (`networking.k8s.io/v1`).
#[derive(Debug, Clone, PartialEq, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct Ingress {
    /// Render the Ingress. Chart default `false`.
    pub enabled: Option<bool>,
    /// `ingressClassName`, only if set.
    pub class_name: Option<String>,
    /// Host of the first rule; the TLS secret name is the fqdn with `.` -> `-`. Rules render only when set.
    pub fqdn: Option<String>,
    /// Comma-separated extra hosts (nginx `server-alias` annotation, added to TLS hosts).
    pub aliases: Option<String>,
    /// With `tls` and top-level `vaultCert`: a legacy `koudingspawn.de/v1` Vault certificate object.
    pub vault_cert: Option<String>,
    /// Path -> backend of the `fqdn` rule.
    pub locations: Option<BTreeMap<String, IngressLocation>>,
    /// Host -> `{locations}` for further rules.
    pub extra_hosts: Option<BTreeMap<String, IngressHost>>,
    /// Enables the TLS section.
    pub tls: Option<Value>,
    /// Annotations of the Ingress.
    pub annotations: Option<BTreeMap<String, String>>,
    /// Keys k8app does not read.
    #[serde(flatten)]
    #[schemars(skip)]
    pub extra: Extra,
}

/// One Ingress path.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct IngressLocation {
    /// `Prefix` (default), `Exact` or `ImplementationSpecific`.
    pub path_type: Option<IngressPathType>,
    /// Backend Service (default `{appName}-sv`).
    pub service_name: Option<String>,
    /// Backend Service port number or name (default 80).
    pub service_port: Option<IntOrString>,
    /// Keys k8app does not read.
    #[serde(flatten)]
    #[schemars(skip)]
    pub extra: Extra,
}

/// An Ingress path type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
pub enum IngressPathType {
    /// Prefix match.
    Prefix,
    /// Exact match.
    Exact,
    /// Up to the ingress class.
    ImplementationSpecific,
}

/// An extra Ingress host.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct IngressHost {
    /// Path -> backend.
    pub locations: Option<BTreeMap<String, IngressLocation>>,
    /// Keys k8app does not read.
    #[serde(flatten)]
    #[schemars(skip)]
    pub extra: Extra,
}

/// Gateway API HTTPRoute `{appName}` (3.6.0+).
#[derive(Debug, Clone, PartialEq, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct HttpRoute {
    /// Render the HTTPRoute. Chart default `false`.
    pub enabled: Option<bool>,
    /// Annotations of the HTTPRoute.
    pub annotations: Option<BTreeMap<String, String>>,
    /// Gateways to attach to; `sectionName` must name a listener whose hostname covers `hostnames`.
    pub parent_refs: Option<Vec<ParentRef>>,
    /// Hostnames to match (all if empty); must fall under the environment's domain.
    pub hostnames: Option<Vec<String>>,
    /// Routing rules; none renders one `PathPrefix /` rule to `{appName}-sv`.
    pub rules: Option<Vec<RouteRule>>,
    /// Keys k8app does not read.
    #[serde(flatten)]
    #[schemars(skip)]
    pub extra: Extra,
}

/// Gateway API HTTPRoute `{appName}` from `gateway` (3.11.0+).
#[derive(Debug, Clone, PartialEq, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct Gateway {
    /// Render the HTTPRoute. Chart default `false`.
    pub enabled: Option<bool>,
    /// The hostname to match (with `hostnames`); must fall under the environment's domain.
    pub hostname: Option<String>,
    /// More hostnames to match.
    pub hostnames: Option<Vec<String>>,
    /// The path of the default rule (default `/`).
    pub path: Option<String>,
    /// `PathPrefix` (default) or `Exact`, for the default rule.
    pub path_type: Option<RoutePathType>,
    /// The Gateway to attach to when `parentRefs` is empty (defaults `gateway`, the release namespace, `http-app`).
    pub parent_ref: Option<ParentRef>,
    /// The backend of the default rule.
    pub backend: Option<GatewayBackend>,
    /// Annotations of the HTTPRoute.
    pub annotations: Option<BTreeMap<String, String>>,
    /// Gateways to attach to, replacing `parentRef`.
    pub parent_refs: Option<Vec<ParentRef>>,
    /// Routing rules, replacing the default rule of `path` and `backend`.
    pub rules: Option<Vec<RouteRule>>,
    /// Keys k8app does not read.
    #[serde(flatten)]
    #[schemars(skip)]
    pub extra: Extra,
}

/// The backend of `gateway`'s default rule.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct GatewayBackend {
    /// Service name (default `{appName}-sv`).
    pub service: Option<String>,
    /// Service port (default: externalPort of the alphabetically last `service.ports` name).
    pub port: Option<i64>,
    /// Keys k8app does not read.
    #[serde(flatten)]
    #[schemars(skip)]
    pub extra: Extra,
}

/// A Gateway reference (no group/kind are rendered before 3.11.1).
#[derive(Debug, Clone, PartialEq, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct ParentRef {
    /// Gateway name.
    pub name: Option<String>,
    /// Gateway namespace.
    pub namespace: Option<String>,
    /// Listener name.
    pub section_name: Option<String>,
    /// Keys k8app does not read.
    #[serde(flatten)]
    #[schemars(skip)]
    pub extra: Extra,
}

/// One HTTPRoute rule.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct RouteRule {
    /// Request matches.
    pub matches: Option<Vec<RouteMatch>>,
    /// Backends; none renders `{appName}-sv` on the default service port.
    pub backend_refs: Option<Vec<BackendRef>>,
    /// Gateway API filters, rendered with toYaml.
    pub filters: Option<Vec<Value>>,
    /// Keys k8app does not read.
    #[serde(flatten)]
    #[schemars(skip)]
    pub extra: Extra,
}

/// One HTTPRoute match.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct RouteMatch {
    /// Path match.
    pub path: Option<PathMatch>,
    /// Header matches.
    pub headers: Option<Vec<HeaderMatch>>,
    /// HTTP method.
    pub method: Option<String>,
    /// Keys k8app does not read.
    #[serde(flatten)]
    #[schemars(skip)]
    pub extra: Extra,
}

/// An HTTPRoute path match.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct PathMatch {
    /// `PathPrefix` (default), `Exact` or `RegularExpression`.
    #[serde(rename = "type")]
    pub kind: Option<RoutePathType>,
    /// The path.
    pub value: Option<String>,
    /// Keys k8app does not read.
    #[serde(flatten)]
    #[schemars(skip)]
    pub extra: Extra,
}

/// An HTTPRoute path match type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
pub enum RoutePathType {
    /// Prefix match.
    PathPrefix,
    /// Exact match.
    Exact,
    /// Regular expression.
    RegularExpression,
}

/// An HTTPRoute header match.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct HeaderMatch {
    /// Header name.
    pub name: Option<String>,
    /// Header value.
    pub value: Option<String>,
    /// `Exact` or `RegularExpression`.
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// Keys k8app does not read.
    #[serde(flatten)]
    #[schemars(skip)]
    pub extra: Extra,
}

/// An HTTPRoute backend.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct BackendRef {
    /// Service name (default `{appName}-sv`).
    pub name: Option<String>,
    /// Service port (default: externalPort of the alphabetically last `service.ports` name).
    pub port: Option<i64>,
    /// Service namespace.
    pub namespace: Option<String>,
    /// Traffic weight.
    pub weight: Option<i64>,
    /// Keys k8app does not read.
    #[serde(flatten)]
    #[schemars(skip)]
    pub extra: Extra,
}

/// The post-install cloudflare cache purge Job `{appName}-cf-purge-cache`.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct Cloudflare {
    /// Render the Job (hardcoded image). Chart default `false`.
    pub enabled: Option<bool>,
    /// Keys k8app does not read.
    #[serde(flatten)]
    #[schemars(skip)]
    pub extra: Extra,
}
