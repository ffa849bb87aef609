//! Finding in-cluster Service references in config values.
//!
//! A reference ties a config value to the cluster layout: `auth-adapter-sv:8081` to "the same
//! namespace", `mongodb.infra-dev.svc:27017` to the `infra-dev` namespace and so to one
//! environment. [`scan_service_refs`] finds them in any string (URLs, `host:port` lists, DSNs,
//! flags) and prefers missing a reference to reporting a host that is not one.

mod classify;
mod lexer;

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use serde::Serialize;

pub use classify::RefForm;

use crate::k8app::K8appNames;
use crate::platform::{app_namespace, infra_namespace};

/// What the scanner knows about the platform: its namespaces and registered services.
///
/// ```
/// use gg_naming::ScanContext;
/// let ctx = ScanContext::new()
///     .with_environment("poc", "dev", None)
///     .with_namespace("vault")
///     .with_services(["user-service", "api-gw"]);
/// assert!(ctx.is_known_namespace("infra-dev"));
/// assert_eq!(ctx.env_of_namespace("poc-dev"), Some("dev"));
/// assert_eq!(ctx.env_of_namespace("vault"), None);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScanContext {
    namespaces: BTreeMap<String, Option<String>>,
    services: BTreeSet<String>,
}

impl ScanContext {
    /// An empty context: only `*.svc`, `*.svc.cluster.local` and `-sv` short names are found.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds an environment's application namespace (`{prefix}-{env}`) and infra namespace
    /// (`infra_namespace_override` or `infra-{env}`), both remembered as belonging to `env`.
    #[must_use]
    pub fn with_environment(
        mut self,
        namespace_prefix: &str,
        env: &str,
        infra_namespace_override: Option<&str>,
    ) -> Self {
        for namespace in [
            app_namespace(namespace_prefix, env),
            infra_namespace(env, infra_namespace_override),
        ] {
            self.namespaces.insert(namespace, Some(env.to_owned()));
        }
        self
    }

    /// Adds a namespace that belongs to no environment (`vault`, `argocd`, …).
    #[must_use]
    pub fn with_namespace(mut self, namespace: impl Into<String>) -> Self {
        self.namespaces.entry(namespace.into()).or_insert(None);
        self
    }

    /// Adds registered service names (registry keys or `appName`s).
    #[must_use]
    pub fn with_services<S: Into<String>>(mut self, services: impl IntoIterator<Item = S>) -> Self {
        self.services.extend(services.into_iter().map(Into::into));
        self
    }

    /// Whether `namespace` is one of the platform's namespaces.
    #[must_use]
    pub fn is_known_namespace(&self, namespace: &str) -> bool {
        self.namespaces.contains_key(namespace)
    }

    /// The environment a known namespace belongs to, if any.
    #[must_use]
    pub fn env_of_namespace(&self, namespace: &str) -> Option<&str> {
        self.namespaces.get(namespace).and_then(Option::as_deref)
    }

    /// The known namespaces, sorted.
    pub fn namespaces(&self) -> impl Iterator<Item = &str> {
        self.namespaces.keys().map(String::as_str)
    }

    /// The registered services, sorted.
    pub fn services(&self) -> impl Iterator<Item = &str> {
        self.services.iter().map(String::as_str)
    }

    /// Whether `name` is a registered service or starts with one followed by `-`
    /// (`user-service-grpc` for `user-service`).
    #[must_use]
    pub fn names_known_service(&self, name: &str) -> bool {
        self.services.iter().any(|service| {
            name.strip_prefix(service.as_str())
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('-'))
        })
    }
}

/// One in-cluster Service reference found in a string.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ServiceRef {
    /// The host text as written (without port; with the trailing dot of an absolute
    /// `.svc.cluster.local.` name).
    pub host: String,
    /// Byte range of `host` in the scanned string.
    pub range: Range<usize>,
    /// How the Service is named.
    pub form: RefForm,
    /// The Service name (`mongodb` in `mongodb.infra-dev.svc`).
    pub service: String,
    /// The namespace the reference names, if any (never for [`RefForm::Short`]).
    pub namespace: Option<String>,
    /// The port after the host, if any.
    pub port: Option<u16>,
}

impl ServiceRef {
    /// The k8app `appName` behind the Service, when it follows k8app's `{app}-sv` family.
    ///
    /// ```
    /// use gg_naming::{scan_service_refs, ScanContext};
    /// let refs = scan_service_refs("user-service-sv:8081", &ScanContext::new());
    /// assert_eq!(refs[0].k8app_app(), Some("user-service"));
    /// ```
    #[must_use]
    pub fn k8app_app(&self) -> Option<&str> {
        K8appNames::split_service_name(&self.service).map(|(app, _)| app)
    }
}

/// Finds every in-cluster Service reference in `input`, in order of position.
///
/// Recognised: `name.ns.svc.cluster.local[.]`, `name.ns.svc` (always); `name.ns` when `ns` is a
/// known namespace (and, if `ns` is also a public suffix such as `dev` or `local`, a port
/// follows); a short name when it ends in k8app's `-sv` family, or when it is (or starts
/// with `{service}-`) a known service and stands after a `scheme://` or before a `:port`.
/// Hosts are read from URLs (userinfo, several comma-separated hosts, `jdbc:` and `dns:///`
/// forms), `host:port` items separated by whitespace, `,`, `;`, `=` or `&`, and bare words.
/// Paths, queries, emails, IPs, external domains and uppercase tokens are not references.
///
/// ```
/// use gg_naming::{scan_service_refs, RefForm, ScanContext};
/// let ctx = ScanContext::new().with_environment("poc", "dev", None);
/// let value = "mongodb://root:pw@mongodb.infra-dev.svc:27017,auth-adapter-sv:8081/db";
/// let refs = scan_service_refs(value, &ctx);
/// assert_eq!(refs.len(), 2);
/// assert_eq!(refs[0].form, RefForm::Svc);
/// assert_eq!(refs[0].namespace.as_deref(), Some("infra-dev"));
/// assert_eq!(&value[refs[0].range.clone()], "mongodb.infra-dev.svc");
/// assert_eq!((refs[1].service.as_str(), refs[1].port), ("auth-adapter-sv", Some(8081)));
/// assert!(scan_service_refs("https://api.stripe.com/v1 hello, world", &ctx).is_empty());
/// ```
#[must_use]
pub fn scan_service_refs(input: &str, ctx: &ScanContext) -> Vec<ServiceRef> {
    lexer::candidates(input)
        .into_iter()
        .filter_map(|candidate| {
            let host = input.get(candidate.range.clone())?;
            let found = classify::classify(host, candidate.in_url, candidate.port.is_some(), ctx)?;
            let start = candidate.range.start;
            Some(ServiceRef {
                host: host.get(..found.host_len)?.to_owned(),
                range: start..start + found.host_len,
                form: found.form,
                service: found.service.to_owned(),
                namespace: found.namespace.map(str::to_owned),
                port: candidate.port,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_remembers_environments() {
        let ctx = ScanContext::new()
            .with_environment("", "dev", Some("shared"))
            .with_namespace("dev");
        assert_eq!(ctx.env_of_namespace("dev"), Some("dev"));
        assert_eq!(ctx.env_of_namespace("shared"), Some("dev"));
        assert_eq!(ctx.namespaces().collect::<Vec<_>>(), ["dev", "shared"]);
    }

    #[test]
    fn known_service_prefix_stops_at_a_hyphen() {
        let ctx = ScanContext::new().with_services(["api"]);
        assert!(ctx.names_known_service("api"));
        assert!(ctx.names_known_service("api-grpc"));
        assert!(!ctx.names_known_service("apis"));
        assert!(!ctx.names_known_service("ap"));
    }
}
