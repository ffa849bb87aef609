//! Which service and `.cicd` files a live object comes from.
//!
//! k8app labels every object with `app: {appName}` and `release: {Release.Name}`,
//! and the platform's ApplicationSet names the release `{service}-{env}`; ArgoCD
//! adds `app.kubernetes.io/instance` with the same name. The registry entry of
//! the service then says where its values live.

use crate::objects::{LiveObject, ObjectContext};

/// The service an object was rendered for and the files that set its values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Owner {
    /// The service's registry name.
    pub service: String,
    /// The ArgoCD Application / Helm release, `{service}-{env}`.
    pub application: String,
    /// The environment overlay: `<repository>/<path>/<env>.yaml`.
    pub overlay: String,
    /// The shared values: `<repository>/<path>/default.yaml`.
    pub default: String,
}

impl Owner {
    /// The owner of `object` in the namespace of `env`: by its `release` or
    /// `app.kubernetes.io/instance` label, else by an `app` label that is a
    /// registered service's name.
    pub fn of<J>(ctx: &ObjectContext<'_>, object: &LiveObject<'_, J>, env: &str) -> Option<Self> {
        let by_release = ["release", "app.kubernetes.io/instance"]
            .iter()
            .filter_map(|label| object.labels.get(*label))
            .find_map(|name| ctx.application(name).filter(|app| app.env == env));
        let app = by_release.or_else(|| {
            let service = object.labels.get("app")?;
            ctx.applications()
                .find(|app| &app.service == service && app.env == env)
        })?;
        let registered = ctx.platform().settings.registry.get(&app.service)?;
        let dir = registered.cicd_location();
        let dir = dir.trim_end_matches('/');
        Some(Self {
            service: app.service.clone(),
            application: app.name.clone(),
            overlay: format!("{dir}/{env}.yaml"),
            default: format!("{dir}/default.yaml"),
        })
    }
}
