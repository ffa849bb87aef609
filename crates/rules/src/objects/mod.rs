//! Checks of live Kubernetes objects, as the admission webhook sees them.
//!
//! The rules are the `lint` rules that make sense on a rendered object, with the
//! same ids and the same predicates (shared with `checks/`, never copied). Each
//! finding names a JSON pointer into the object in its message, and — when the
//! object's `release`/`app` labels lead to an Application of the platform's
//! ApplicationSet — the `.cicd` files and the values key to change.
//!
//! Objects in namespaces outside the platform are not judged; ArgoCD
//! Applications are judged by their destination namespace.

mod applications;
mod config_maps;
mod context;
mod owner;
mod pods;
mod routes;
mod vault;

use std::collections::BTreeMap;

pub use context::ObjectContext;
pub use owner::Owner;

use crate::json::JsonTree;
use gg_diagnostic::{Diagnostic, Location};
use gg_diagnostic::{Fix, Rule, rules};

/// A live object as an admission request carries it, its fields in a JSON
/// tree of type `J` (see [`JsonTree`]).
#[derive(Debug)]
pub struct LiveObject<'a, J> {
    /// API group (`apps`, `secrets.hashicorp.com`, empty for the core group).
    pub group: &'a str,
    /// Kind (`Deployment`, `VaultStaticSecret`, …).
    pub kind: &'a str,
    /// The request's namespace (the object's own may be empty on create).
    pub namespace: &'a str,
    /// `metadata.name` (may be empty when `generateName` is used).
    pub name: &'a str,
    /// `metadata.labels`.
    pub labels: &'a BTreeMap<String, String>,
    /// True when a controller owns the object (a ReplicaSet's Pod, a CronJob's
    /// Job): it is judged at its owner, not again here.
    pub controlled: bool,
    /// The object's fields other than `apiVersion`, `kind` and `metadata`
    /// (`spec`, `data`, …); pointers are relative to the object's root.
    pub body: &'a J,
}

impl<J: JsonTree> LiveObject<'_, J> {
    /// `Kind namespace/name`, the object as messages name it.
    pub fn display_name(&self) -> String {
        format!("{} {}/{}", self.kind, self.namespace, self.name)
    }

    /// The string at `pointer` below the body.
    fn text(&self, pointer: &str) -> Option<&str> {
        self.body.lookup(pointer).and_then(J::text)
    }
}

/// Whether the webhook judges `object` at all: objects of the kinds it knows in
/// platform namespaces, and Applications deploying into one.
pub fn is_judged<J: JsonTree>(ctx: &ObjectContext<'_>, object: &LiveObject<'_, J>) -> bool {
    if object.controlled {
        return false;
    }
    match object.kind {
        "Application" if object.group == "argoproj.io" => {
            applications::destination_env(ctx, object).is_some()
        }
        _ => KINDS.contains(&object.kind) && ctx.env_of_namespace(object.namespace).is_some(),
    }
}

/// The kinds judged in platform namespaces (besides ArgoCD Applications).
pub const KINDS: &[&str] = &[
    "Deployment",
    "StatefulSet",
    "DaemonSet",
    "Job",
    "CronJob",
    "Pod",
    "ConfigMap",
    "Service",
    "VaultStaticSecret",
    "VaultAuth",
    "HTTPRoute",
    "Ingress",
];

/// Runs every check that applies to `object` and appends the findings; objects
/// that are not judged (see [`is_judged`]) produce none.
pub fn check_object<J: JsonTree>(
    ctx: &ObjectContext<'_>,
    object: &LiveObject<'_, J>,
    out: &mut Vec<Diagnostic>,
) {
    if !is_judged(ctx, object) {
        return;
    }
    if object.kind == "Application" {
        applications::check(ctx, object, out);
        return;
    }
    let Some(env) = ctx.env_of_namespace(object.namespace) else {
        return;
    };
    let found = Found::new(ctx, object, env);
    match object.kind {
        "ConfigMap" => config_maps::check(ctx, &found, out),
        "Service" => routes::check_service(ctx, &found, out),
        "HTTPRoute" => routes::check_http_route(ctx, &found, out),
        "Ingress" => routes::check_ingress(ctx, &found, out),
        "VaultStaticSecret" => vault::check_static_secret(ctx, &found, out),
        "VaultAuth" => vault::check_auth(ctx, &found, out),
        _ => pods::check(ctx, &found, out),
    }
}

/// What every object check needs: the object, its environment and its owner.
struct Found<'a, J> {
    object: &'a LiveObject<'a, J>,
    env: &'a str,
    owner: Option<Owner>,
}

impl<'a, J: JsonTree> Found<'a, J> {
    fn new(ctx: &ObjectContext<'_>, object: &'a LiveObject<'a, J>, env: &'a str) -> Self {
        Self {
            object,
            env,
            owner: Owner::of(ctx, object, env),
        }
    }

    /// Appends a finding of `rule` at `pointer`. When the owning service is
    /// known, its fix names the values key (`key`, when one is known) and the
    /// `.cicd` files to change it in, and the related locations name the
    /// overlay and `default.yaml`.
    fn report(
        &self,
        out: &mut Vec<Diagnostic>,
        rule: &Rule,
        pointer: &str,
        key: Option<&str>,
        message: impl std::fmt::Display,
        help: &str,
    ) {
        let location = Location::file_start(self.object.display_name());
        let mut diagnostic = rule
            .finding(location, format!("`{pointer}`: {message}"))
            .with_env(self.env);
        let Some(owner) = &self.owner else {
            out.push(diagnostic.with_help(format!(
                "{help} (the object's `release`/`app` labels name no service of the platform's ApplicationSet: fix the manifest that creates it)"
            )));
            return;
        };
        let what = key.map_or_else(|| "the values".to_owned(), |key| format!("`{key}`"));
        diagnostic = diagnostic
            .with_help(help)
            .with_fix(Fix {
                key: key.map(str::to_owned),
                files: vec![owner.overlay.clone(), owner.default.clone()],
                owner: Some(gg_diagnostic::Owner {
                    service: owner.service.clone(),
                    application: owner.application.clone(),
                }),
                edits: Vec::new(),
            })
            .with_related(
                Location::file_start(owner.overlay.clone()),
                format!("{what} for this environment"),
            )
            .with_related(
                Location::file_start(owner.default.clone()),
                format!("{what} for every environment"),
            );
        out.push(diagnostic);
    }
}

/// Escapes one JSON-pointer segment (RFC 6901: `~` → `~0`, `/` → `~1`).
fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// The platform namespaces a string names, with the environment they belong to,
/// when that is not `env` (another environment's namespace or infra namespace).
fn foreign_namespaces<'c>(
    ctx: &'c ObjectContext<'_>,
    text: &str,
    env: &str,
) -> Vec<(String, Option<&'c str>)> {
    gg_naming::find_namespace_mentions(text, &ctx.platform.scan)
        .into_iter()
        .filter_map(|mention| {
            let owner = ctx.platform.scan.env_of_namespace(&mention.namespace);
            (owner != Some(env)).then_some((mention.namespace, owner))
        })
        .collect()
}

/// The `hardcoded-namespace` finding for `text` at `pointer`, if it names
/// another environment's namespace.
fn check_namespace_mentions<J: JsonTree>(
    ctx: &ObjectContext<'_>,
    found: &Found<'_, J>,
    pointer: &str,
    key: Option<&str>,
    text: &str,
    out: &mut Vec<Diagnostic>,
) {
    for (namespace, owner) in foreign_namespaces(ctx, text, found.env) {
        let owner_text = owner.map_or_else(String::new, |env| format!(" (environment `{env}`)"));
        found.report(
            out,
            &rules::HARDCODED_NAMESPACE,
            pointer,
            key,
            format!("names the namespace `{namespace}`{owner_text}, which is not this namespace's environment"),
            "use this environment's namespace, or the short Service name (`my-service-sv:8080`), so the environment never talks to another one",
        );
    }
}

#[cfg(test)]
mod tests;
