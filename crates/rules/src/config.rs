//! The user configuration `.gitops-guard.yaml`: per-rule severities and ignored paths.

use std::collections::BTreeMap;

use gg_platform::{DeclaredPlatform, LoadOptions};
use gg_yaml::{Limits, Node, NodeKind, load_values};

use crate::error::RulesError;
use crate::glob::Glob;
use gg_diagnostic::{Diagnostic, Severity};
use gg_diagnostic::{closest_rule_id, rule};

/// What a configuration says about one rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// The rule does not run.
    Off,
    /// The rule reports at this severity.
    On(Severity),
}

impl Level {
    /// Parses `error`, `warning`, `info` or `off`.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "off" => Some(Self::Off),
            "error" => Some(Self::On(Severity::Error)),
            "warning" => Some(Self::On(Severity::Warning)),
            "info" => Some(Self::On(Severity::Info)),
            _ => None,
        }
    }
}

/// A parsed `.gitops-guard.yaml`.
#[derive(Debug, Clone, Default)]
pub struct Config {
    levels: BTreeMap<String, Level>,
    ignore: Vec<String>,
    ignore_globs: Vec<Glob>,
    platform: Option<DeclaredPlatform>,
}

impl Config {
    /// Parses the configuration text; `file` names it in errors.
    ///
    /// # Errors
    /// Unparsable YAML, an unknown key, an unknown rule id (with a did-you-mean),
    /// an unknown severity or an invalid glob.
    pub fn parse(text: &str, file: &str) -> Result<Self, RulesError> {
        let document = load_values(text, file, &Limits::default())?;
        let mut config = Self::default();
        let Some(root) = document.root.as_map() else {
            return Ok(config);
        };
        for (key, value) in &root.entries {
            match key.name.as_str() {
                "rules" => config.levels = parse_levels(value, file)?,
                "ignore" => config.ignore = parse_strings(value, file, "ignore")?,
                "platform" => config.platform = Some(parse_platform(value, file)?),
                other => {
                    return Err(config_error(
                        file,
                        value,
                        format!("unknown key `{other}` (expected `rules`, `ignore` or `platform`)"),
                    ));
                }
            }
        }
        config.ignore_globs = build_globs(&config.ignore, file)?;
        Ok(config)
    }

    /// The level of `rule`: configured, else the rule's default.
    pub fn level(&self, rule_id: &str) -> Level {
        self.levels.get(rule_id).copied().unwrap_or_else(|| {
            Level::On(rule(rule_id).map_or(Severity::Warning, |meta| meta.default_severity))
        })
    }

    /// The platform facts the configuration declares (`platform:`).
    pub fn declared_platform(&self) -> Option<&DeclaredPlatform> {
        self.platform.as_ref()
    }

    /// `options` with the declared platform facts, unless they carry some already.
    pub fn load_options(&self, options: &LoadOptions) -> LoadOptions {
        let mut options = options.clone();
        if options.declared.is_none() {
            options.declared = self.platform.clone();
        }
        options
    }

    /// True when `path` (relative to the configuration's directory) is ignored.
    pub fn is_ignored(&self, path: &str) -> bool {
        let path = path.trim_start_matches("./");
        self.ignore_globs.iter().any(|glob| glob.is_match(path))
    }

    /// Applies configured levels: drops findings of rules that are off and sets
    /// the configured severity on the others. A finding reported below its
    /// rule's default severity (a documented milder case) keeps its own severity
    /// unless the rule is configured explicitly.
    pub fn apply(&self, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
        diagnostics
            .into_iter()
            .filter_map(|d| match self.levels.get(d.rule.as_str()) {
                Some(Level::Off) => None,
                Some(Level::On(severity)) => Some(d.with_severity(*severity)),
                None => Some(d),
            })
            .collect()
    }
}

fn parse_levels(node: &Node, file: &str) -> Result<BTreeMap<String, Level>, RulesError> {
    let Some(map) = node.as_map() else {
        return Err(config_error(
            file,
            node,
            "`rules` must map rule ids to error, warning, info or off",
        ));
    };
    let mut levels = BTreeMap::new();
    for (key, value) in &map.entries {
        if rule(&key.name).is_none() {
            let hint = closest_rule_id(&key.name)
                .map(|id| format!("; did you mean `{id}`?"))
                .unwrap_or_default();
            return Err(RulesError::Config {
                file: file.to_owned(),
                line: key.span.start.line,
                column: key.span.start.column,
                message: format!(
                    "unknown rule `{}`{hint} (`gitops-guard rules` lists them)",
                    key.name
                ),
            });
        }
        // `off` is a YAML 1.1 boolean (false) under Helm's reading of YAML.
        let level = match &value.kind {
            NodeKind::Bool(false) => Some(Level::Off),
            _ => value.as_str().and_then(Level::parse),
        };
        let level = level.ok_or_else(|| {
            config_error(
                file,
                value,
                format!(
                    "`{}`: severity must be error, warning, info or off",
                    key.name
                ),
            )
        })?;
        levels.insert(key.name.clone(), level);
    }
    Ok(levels)
}

fn parse_platform(node: &Node, file: &str) -> Result<DeclaredPlatform, RulesError> {
    if node.as_map().is_none() {
        return Err(config_error(
            file,
            node,
            "`platform` must be a mapping with keys of platform/base.yaml (`global`, `environments`, `registry`, `vault`)",
        ));
    }
    DeclaredPlatform::new(file, node.clone()).map_err(|problems| {
        let first = problems.into_iter().next();
        RulesError::Config {
            file: file.to_owned(),
            line: first
                .as_ref()
                .map_or(node.span.start.line, |d| d.location.line),
            column: first
                .as_ref()
                .map_or(node.span.start.column, |d| d.location.column),
            message: first.map_or_else(String::new, |d| {
                format!("`platform`: {} ({})", d.message, d.help)
            }),
        }
    })
}

fn parse_strings(node: &Node, file: &str, what: &str) -> Result<Vec<String>, RulesError> {
    let items = match &node.kind {
        NodeKind::Seq(items) => items,
        NodeKind::Null => return Ok(Vec::new()),
        _ => {
            return Err(config_error(
                file,
                node,
                format!("`{what}` must be a list of glob patterns"),
            ));
        }
    };
    items
        .iter()
        .map(|item| {
            item.as_str()
                .map(str::to_owned)
                .ok_or_else(|| config_error(file, item, format!("`{what}` items must be strings")))
        })
        .collect()
}

fn build_globs(patterns: &[String], file: &str) -> Result<Vec<Glob>, RulesError> {
    patterns
        .iter()
        .map(|pattern| {
            Glob::new(pattern.trim_start_matches("./")).map_err(|err| RulesError::Config {
                file: file.to_owned(),
                line: 1,
                column: 1,
                message: format!("invalid ignore pattern `{pattern}`: {err}"),
            })
        })
        .collect()
}

fn config_error(file: &str, node: &Node, message: impl Into<String>) -> RulesError {
    RulesError::Config {
        file: file.to_owned(),
        line: node.span.start.line,
        column: node.span.start.column,
        message: message.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gg_diagnostic::Location;

    #[test]
    fn levels_override_defaults_and_off_drops_findings() {
        let config = Config::parse(
            "rules:\n  unknown-key: off\n  image-tag-mutable: error\nignore: [\"shared/templates/**\"]\n",
            ".gitops-guard.yaml",
        )
        .unwrap();
        assert_eq!(config.level("unknown-key"), Level::Off);
        assert_eq!(
            config.level("image-tag-mutable"),
            Level::On(Severity::Error)
        );
        assert_eq!(
            config.level("secret-path-denied"),
            Level::On(Severity::Error)
        );
        let found = vec![
            Diagnostic::new(
                "unknown-key",
                Severity::Warning,
                Location::file_start("a"),
                "m",
            ),
            Diagnostic::new(
                "image-tag-mutable",
                Severity::Warning,
                Location::file_start("a"),
                "m",
            ),
        ];
        let kept = config.apply(found);
        assert_eq!(kept.len(), 1);
        assert_eq!(kept[0].severity, Severity::Error);
        assert!(config.is_ignored("shared/templates/service-repo/.cicd/default.yaml"));
        assert!(config.is_ignored("./shared/templates/x.yaml"));
        assert!(!config.is_ignored("services/cart/.cicd/default.yaml"));
    }

    #[test]
    fn unknown_rule_gets_a_did_you_mean_with_position() {
        let err = Config::parse("rules:\n  unknown-keys: off\n", "c.yaml").unwrap_err();
        let text = err.to_string();
        assert!(text.contains("c.yaml:2:3"), "{text}");
        assert!(text.contains("did you mean `unknown-key`"), "{text}");
    }

    #[test]
    fn bad_severity_unknown_key_and_bad_yaml_are_errors() {
        assert!(Config::parse("rules:\n  unknown-key: loud\n", "c").is_err());
        assert!(Config::parse("rule:\n  unknown-key: off\n", "c").is_err());
        assert!(Config::parse("rules: [\n", "c").is_err());
        assert!(Config::parse("ignore: [\"a/[\"]\n", "c").is_err());
    }

    #[test]
    fn empty_configuration_is_all_defaults() {
        let config = Config::parse("", "c").unwrap();
        assert_eq!(config.level("unknown-key"), Level::On(Severity::Warning));
        assert!(!config.is_ignored("anything"));
    }
}
