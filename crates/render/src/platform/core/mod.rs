//! platform-core's templates.

mod applications;
mod gateway;
mod job;
mod namespaces;
mod routes;
mod vault;

use super::Template;

/// The templates, in the order Helm executes them.
pub(super) const TEMPLATES: &[Template] = &[
    (
        "platform-core/templates/vault-registry-secret.yaml",
        |t, _| vault::registry_secret(t),
    ),
    ("platform-core/templates/vault-auth.yaml", |t, _| {
        vault::vault_auth(t)
    }),
    ("platform-core/templates/reference-grant.yaml", |t, _| {
        routes::reference_grants(t)
    }),
    ("platform-core/templates/namespaces.yaml", |t, _| {
        namespaces::render(t)
    }),
    ("platform-core/templates/infra-apps.yaml", |t, _| {
        applications::infra_apps(t)
    }),
    ("platform-core/templates/httproute-mirrors.yaml", |t, _| {
        routes::mirrors(t)
    }),
    ("platform-core/templates/gateway.yaml", |t, _| {
        gateway::render(t)
    }),
    ("platform-core/templates/bootstrap-job.yaml", job::render),
    ("platform-core/templates/applicationset.yaml", |t, _| {
        applications::application_set(t)
    }),
];
