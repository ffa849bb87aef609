//! How k8app turns a `secrets:` value into the Vault path VSO reads.

/// The chart's secret-path model, which changed with k8app 3.9.0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SecretsModel {
    /// k8app 3.4.0–3.8.x: a leading `/` means absolute (exactly one `/` stripped);
    /// anything else becomes `{namespace}/{appName}/{environment}/{value}`.
    K8app34To38,
    /// k8app 3.9.0 and later: only `{env}` is replaced by `environment`; nothing is
    /// prefixed or stripped.
    K8app39Plus,
}

/// What the chart knows when it resolves a path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SecretContext<'a> {
    /// `Release.Namespace` (the ArgoCD destination, e.g. `poc-dev`).
    pub namespace: &'a str,
    /// `appName`.
    pub app_name: &'a str,
    /// `environment` (k8app default: empty).
    pub environment: &'a str,
}

/// Why a path resolved the way it did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ResolutionKind {
    /// 3.4–3.8, value starts with `/`: taken as is minus one leading `/`.
    Absolute,
    /// 3.4–3.8, no leading `/`: placed under `{namespace}/{appName}/{environment}/`.
    /// `empty_environment` is set when that gave a `//`.
    Relative {
        /// `environment` was empty, so the path holds `//`.
        empty_environment: bool,
    },
    /// 3.9+: `{env}` replaced (`substituted` when the value held it).
    EnvTemplate {
        /// The value contained `{env}`.
        substituted: bool,
    },
}

/// A resolved secret path and how it came about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedSecretPath {
    /// The path VSO reads under the mount (no mount, no `data/`).
    pub path: String,
    /// Why it looks like this.
    pub kind: ResolutionKind,
}

/// Resolves a `secrets:` value exactly as the chart's `secrets.resolvePath` does.
pub fn resolve_secret_path(
    model: SecretsModel,
    value: &str,
    context: &SecretContext<'_>,
) -> ResolvedSecretPath {
    match model {
        SecretsModel::K8app34To38 => match value.strip_prefix('/') {
            Some(absolute) => ResolvedSecretPath {
                path: absolute.to_owned(),
                kind: ResolutionKind::Absolute,
            },
            None => ResolvedSecretPath {
                path: format!(
                    "{}/{}/{}/{value}",
                    context.namespace, context.app_name, context.environment
                ),
                kind: ResolutionKind::Relative {
                    empty_environment: context.environment.is_empty(),
                },
            },
        },
        SecretsModel::K8app39Plus => ResolvedSecretPath {
            path: value.replace("{env}", context.environment),
            kind: ResolutionKind::EnvTemplate {
                substituted: value.contains("{env}"),
            },
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEV: SecretContext<'static> = SecretContext {
        namespace: "poc-dev",
        app_name: "api-gw",
        environment: "dev",
    };

    #[test]
    fn k8app_3_4_to_3_8() {
        let m = SecretsModel::K8app34To38;
        let abs = resolve_secret_path(m, "/gitops-poc-dzha/api-gw/dev/config", &DEV);
        assert_eq!(
            abs,
            ResolvedSecretPath {
                path: "gitops-poc-dzha/api-gw/dev/config".into(),
                kind: ResolutionKind::Absolute
            }
        );
        assert_eq!(
            resolve_secret_path(m, "//a/b", &DEV).path,
            "/a/b",
            "only one `/` is stripped"
        );
        let rel = resolve_secret_path(m, "database", &DEV);
        assert_eq!(rel.path, "poc-dev/api-gw/dev/database");
        let no_env = resolve_secret_path(
            m,
            "database",
            &SecretContext {
                environment: "",
                ..DEV
            },
        );
        assert_eq!(
            no_env,
            ResolvedSecretPath {
                path: "poc-dev/api-gw//database".into(),
                kind: ResolutionKind::Relative {
                    empty_environment: true
                }
            }
        );
    }

    #[test]
    fn k8app_3_9_plus() {
        let m = SecretsModel::K8app39Plus;
        let r = resolve_secret_path(m, "/p/api-gw/{env}/config", &DEV);
        assert_eq!(
            r,
            ResolvedSecretPath {
                path: "/p/api-gw/dev/config".into(),
                kind: ResolutionKind::EnvTemplate { substituted: true }
            }
        );
    }
}
