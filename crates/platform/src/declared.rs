//! Platform facts a service repository declares for CI jobs that run without
//! the platform repository checked out: the `platform:` section of the lint
//! configuration (`.gitops-guard.yaml`), written with the keys of
//! `platform/base.yaml` that the checks of a service need.

use gg_diagnostic::Diagnostic;
use gg_yaml::Node;

use crate::config::{PlatformFiles, YamlFile};
use crate::shape::{DECLARED, check};

/// The `platform:` document of a lint configuration.
#[derive(Debug, Clone, PartialEq)]
pub struct DeclaredPlatform {
    file: String,
    node: Node,
}

impl DeclaredPlatform {
    /// Checks `node`, the value of `platform:` in `file`, against the keys it
    /// may hold (those of `platform/base.yaml` that name a fact a check uses).
    ///
    /// # Errors
    /// Every unknown key and wrongly shaped value, as findings at their place.
    pub fn new(file: &str, node: Node) -> Result<Self, Vec<Diagnostic>> {
        let problems = check(&node, &DECLARED, file);
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Self {
            file: file.to_owned(),
            node,
        })
    }

    /// The configuration file that declares the facts.
    pub fn file(&self) -> &str {
        &self.file
    }

    /// The facts as the platform files they stand in for.
    pub(crate) fn as_platform_files(&self) -> PlatformFiles {
        PlatformFiles {
            base: Some(YamlFile {
                path: self.file.clone(),
                node: Some(self.node.clone()),
                notes: Vec::new(),
                text: None,
            }),
            ..PlatformFiles::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gg_yaml::{Limits, load_values};

    fn node(text: &str) -> Node {
        load_values(text, "c.yaml", &Limits::default())
            .unwrap()
            .root
    }

    #[test]
    fn base_yaml_keys_of_the_checks_are_accepted() {
        let declared = DeclaredPlatform::new(
            "c.yaml",
            node("global:\n  vaultPathPrefix: acme\n  namespacePrefix: shop\n  k8app:\n    version: \"3.8.0\"\nenvironments:\n  dev:\n    enabled: true\n    domain: dev.example\nregistry:\n  secretName: pull\n"),
        )
        .unwrap();
        let config = declared.as_platform_files().config();
        assert_eq!(config.namespace_prefix.unwrap().value, "shop");
        assert_eq!(config.registry_secret_name.unwrap().value, "pull");
        assert_eq!(config.environments.len(), 1);
    }

    #[test]
    fn a_key_no_check_reads_is_refused_at_its_place() {
        let problems =
            DeclaredPlatform::new("c.yaml", node("global:\n  namespacePrefx: shop\n")).unwrap_err();
        let first = problems.first().unwrap();
        assert_eq!((first.location.line, first.location.column), (2, 3));
        assert!(first.help.contains("namespacePrefix"), "{}", first.help);
        assert!(DeclaredPlatform::new("c.yaml", node("dns: {enabled: true}\n")).is_err());
    }
}
