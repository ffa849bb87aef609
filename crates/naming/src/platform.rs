//! Names the platform derives from prefixes, services and environments.
//!
//! These functions only build strings; check them with [`crate::NameRule`] or
//! [`crate::name_violations`].

/// The application namespace of an environment: `{prefix}-{env}`, or `{env}` for an empty prefix.
///
/// ```
/// use gg_naming::app_namespace;
/// assert_eq!(app_namespace("poc", "dev"), "poc-dev");
/// assert_eq!(app_namespace("", "dev"), "dev");
/// ```
#[must_use]
pub fn app_namespace(prefix: &str, env: &str) -> String {
    if prefix.is_empty() {
        env.to_owned()
    } else {
        format!("{prefix}-{env}")
    }
}

/// The infrastructure namespace of an environment: `environments.<env>.infraNamespace` when set
/// (and not empty), else `infra-{env}`.
///
/// ```
/// use gg_naming::infra_namespace;
/// assert_eq!(infra_namespace("dev", None), "infra-dev");
/// assert_eq!(infra_namespace("dev", Some("shared-infra")), "shared-infra");
/// ```
#[must_use]
pub fn infra_namespace(env: &str, infra_namespace_override: Option<&str>) -> String {
    match infra_namespace_override {
        Some(name) if !name.is_empty() => name.to_owned(),
        _ => format!("infra-{env}"),
    }
}

/// The ArgoCD Application name of a service in an environment: `{service}-{env}`.
///
/// ```
/// use gg_naming::application_name;
/// assert_eq!(application_name("api-gw", "dev"), "api-gw-dev");
/// ```
#[must_use]
pub fn application_name(service: &str, env: &str) -> String {
    format!("{service}-{env}")
}

/// The Helm release name of a service in an environment: `{service}-{env}` (same as the
/// Application name; Helm limits it to 53 characters, see [`crate::validate_release_name`]).
///
/// ```
/// use gg_naming::release_name;
/// assert_eq!(release_name("user-service", "staging"), "user-service-staging");
/// ```
#[must_use]
pub fn release_name(service: &str, env: &str) -> String {
    application_name(service, env)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::EnvName;

    #[test]
    fn namespaces() {
        assert_eq!(app_namespace("poc", &EnvName::staging()), "poc-staging");
        assert_eq!(app_namespace("", &EnvName::prod()), "prod");
        assert_eq!(infra_namespace("staging", Some("")), "infra-staging");
    }

    #[test]
    fn release_equals_application() {
        assert_eq!(release_name("a", "b"), application_name("a", "b"));
    }
}
