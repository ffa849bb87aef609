//! What the object checks know about the platform, computed once per platform.

use std::borrow::Cow;
use std::collections::BTreeMap;

use gg_platform::{ApplicationSpec, Platform};

use crate::context::PlatformContext;

/// The platform as the object checks see it: the shared `PlatformContext`
/// (namespace scan, ACLs, registry secret) plus lookups by namespace and by
/// Application name. Build it once and share it between requests: borrowing
/// the platform ([`ObjectContext::new`]) or owning it
/// ([`ObjectContext::owning`], for a server that swaps platforms).
#[derive(Debug)]
pub struct ObjectContext<'p> {
    /// The facts the `lint` checks use.
    pub(crate) platform: PlatformContext<'p>,
    /// Application namespace → environment.
    namespaces: BTreeMap<String, String>,
    /// The ApplicationSet's Applications by name (`{service}-{env}`).
    applications: BTreeMap<String, ApplicationSpec>,
    /// `{registry}/`: images below it need the platform pull secret.
    private_registry: String,
}

impl<'p> ObjectContext<'p> {
    /// Computes the lookups of `platform`, borrowing it.
    pub fn new(platform: &'p Platform) -> Self {
        Self::of(Cow::Borrowed(platform))
    }

    /// Computes the lookups of `platform`.
    fn of(platform: Cow<'p, Platform>) -> Self {
        let settings = &platform.settings;
        // What platform-core renders and ArgoCD generates from it; the
        // platform's own model only when platform-core cannot render.
        let (namespaces, applications) = match gg_render::platform_facts(&platform) {
            Some(facts) => (facts.namespaces.into_iter().collect(), facts.applications),
            None => (
                settings
                    .environments
                    .iter()
                    .map(|env| (settings.namespace(&env.name.value), env.name.value.clone()))
                    .collect(),
                platform.applications(),
            ),
        };
        let applications = applications
            .into_iter()
            .map(|app| (app.name.clone(), app))
            .collect();
        let registry = settings.docker_registry.value.trim_end_matches('/');
        let private_registry = format!("{registry}/");
        Self {
            platform: PlatformContext::new(platform),
            namespaces,
            applications,
            private_registry,
        }
    }

    /// The environment whose application namespace `namespace` is.
    pub fn env_of_namespace(&self, namespace: &str) -> Option<&str> {
        self.namespaces.get(namespace).map(String::as_str)
    }

    /// The application namespaces of the platform with their environments.
    pub fn namespaces(&self) -> impl Iterator<Item = (&str, &str)> {
        self.namespaces
            .iter()
            .map(|(namespace, env)| (namespace.as_str(), env.as_str()))
    }

    /// The Application of the platform's ApplicationSet named `name`.
    pub fn application(&self, name: &str) -> Option<&ApplicationSpec> {
        self.applications.get(name)
    }

    /// The Applications of the ApplicationSet, by name.
    pub(crate) fn applications(&self) -> impl Iterator<Item = &ApplicationSpec> {
        self.applications.values()
    }

    /// True for images pulled from the platform's private registry.
    pub fn is_private_image(&self, image: &str) -> bool {
        image.starts_with(&self.private_registry)
    }

    /// The loaded platform.
    pub fn platform(&self) -> &Platform {
        &self.platform.platform
    }
}

impl ObjectContext<'static> {
    /// Computes the lookups of `platform`, owning it: the context lives as
    /// long as it is used and frees the platform with it.
    pub fn owning(platform: Platform) -> Self {
        Self::of(Cow::Owned(platform))
    }
}
