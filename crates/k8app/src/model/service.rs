//! The Services k8app renders.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Deserialize;

use super::scalar::{Extra, IntOrString};

/// A named port: the key of the `ports` map is the Service port name.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct ServicePort {
    /// Service `port` (default 80 in the ClusterIP Service, 20999 in the LoadBalancer ones).
    pub external_port: Option<i64>,
    /// Service `targetPort`: the container port number or name. No containerPorts are rendered on the pod.
    pub internal_port: Option<IntOrString>,
    /// `TCP`, `UDP` or `SCTP`.
    pub protocol: Option<Protocol>,
    /// Keys k8app does not read.
    #[serde(flatten)]
    #[schemars(skip)]
    pub extra: Extra,
}

/// A port protocol.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "UPPERCASE")]
pub enum Protocol {
    /// TCP.
    Tcp,
    /// UDP.
    Udp,
    /// SCTP.
    Sctp,
}

/// Named ports, keyed by port name.
pub type Ports = BTreeMap<String, ServicePort>;

/// The ClusterIP Service `{appName}-sv`.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct Service {
    /// Render Service `{appName}-sv` (always `type: ClusterIP`). Chart default `false`.
    pub enabled: Option<bool>,
    /// Read only by 3.13.0's NOTES.txt, which fails the render unless it is a string (the Service stays ClusterIP).
    #[serde(rename = "type")]
    #[schemars(extend("x-k8app-feature" = "notes"))]
    pub kind: Option<String>,
    /// Port name -> `{externalPort, internalPort, protocol}`. HTTPRoute backends default to the externalPort of the alphabetically last name.
    pub ports: Option<Ports>,
    /// Annotations of the Service.
    pub annotations: Option<BTreeMap<String, String>>,
    /// Keys k8app does not read.
    #[serde(flatten)]
    #[schemars(skip)]
    pub extra: Extra,
}

/// A LoadBalancer Service (`serviceExternal` -> `{appName}-ext-sv`, `serviceInternal` -> `{appName}-int-sv`).
#[derive(Debug, Clone, PartialEq, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct LoadBalancerService {
    /// Render the LoadBalancer Service. Chart default `false`.
    pub enabled: Option<bool>,
    /// Annotations of the Service (the internal one always gets `service.beta.kubernetes.io/aws-load-balancer-internal: "true"`).
    pub annotations: Option<BTreeMap<String, String>>,
    /// Port name -> `{externalPort, internalPort, protocol}`.
    pub ports: Option<Ports>,
    /// Optional fixed LoadBalancer IP.
    #[serde(rename = "loadBalancerIP")]
    pub load_balancer_ip: Option<String>,
    /// Optional allowed client CIDRs.
    pub load_balancer_source_ranges: Option<Vec<String>>,
    /// Keys k8app does not read.
    #[serde(flatten)]
    #[schemars(skip)]
    pub extra: Extra,
}

/// The headless Service `{appName}-headless-sv`.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct HeadlessService {
    /// Render the headless Service (`clusterIP: None`). Chart default `false`.
    pub enabled: Option<bool>,
    /// Port name -> `{externalPort, internalPort, protocol}`.
    pub ports: Option<Ports>,
    /// Keys k8app does not read.
    #[serde(flatten)]
    #[schemars(skip)]
    pub extra: Extra,
}

/// `ExternalName` Services, one per entry of `services`.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct ExternalNameServices {
    /// Render the ExternalName Services. Chart default `false`.
    pub enabled: Option<bool>,
    /// Unused by the templates (each entry of `services` has its own).
    pub external_name: Option<String>,
    /// Service name -> `{externalName}`.
    pub services: Option<BTreeMap<String, ExternalNameEntry>>,
    /// Keys k8app does not read.
    #[serde(flatten)]
    #[schemars(skip)]
    pub extra: Extra,
}

/// One ExternalName Service.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct ExternalNameEntry {
    /// The DNS name the Service points at.
    pub external_name: Option<String>,
    /// Keys k8app does not read.
    #[serde(flatten)]
    #[schemars(skip)]
    pub extra: Extra,
}
