//! The crate's error type.

/// What can go wrong before any rule runs.
#[derive(Debug, thiserror::Error)]
pub enum RulesError {
    /// The configuration file is not valid YAML.
    #[error(transparent)]
    Yaml(#[from] gg_yaml::YamlError),
    /// The configuration file is valid YAML but says something invalid.
    #[error("{file}:{line}:{column}: {message}")]
    Config {
        /// The configuration file.
        file: String,
        /// 1-based line.
        line: u32,
        /// 1-based column.
        column: u32,
        /// What is wrong.
        message: String,
    },
    /// A baseline file that cannot be read back.
    #[error("{file}: not a gitops-guard baseline: {message}")]
    Baseline {
        /// The baseline file.
        file: String,
        /// What is wrong.
        message: String,
    },
}
