//! A platform ready to judge with: loaded without errors, the object checks'
//! lookups computed once.

use gg_diagnostic::Severity;
use gg_platform::Platform;
use gg_rules::objects::ObjectContext;

use crate::error::AdmissionError;

/// A loaded platform the judge can use: it owns the platform, so replacing
/// one (a reloaded platform) frees the old one when its last user is done.
#[derive(Debug)]
pub struct PreparedPlatform {
    ctx: ObjectContext<'static>,
}

impl PreparedPlatform {
    /// Prepares `platform` for judging.
    ///
    /// # Errors
    /// [`AdmissionError::Platform`] with the errors loading it found (a
    /// platform file that does not parse, a value of the wrong type).
    pub fn new(platform: Platform) -> Result<Self, AdmissionError> {
        let errors: Vec<_> = platform
            .issues
            .iter()
            .filter(|issue| issue.severity == Severity::Error)
            .cloned()
            .collect();
        if errors.is_empty() {
            Ok(Self {
                ctx: ObjectContext::owning(platform),
            })
        } else {
            Err(AdmissionError::Platform(errors))
        }
    }

    /// The object checks' view of the platform.
    pub fn context(&self) -> &ObjectContext<'static> {
        &self.ctx
    }
}

#[cfg(test)]
mod tests {
    use gg_platform::{LoadOptions, MemoryFiles, load_platform};

    use super::*;

    fn platform(base: &str, core: &str) -> Platform {
        let files = MemoryFiles::new()
            .with("p/platform/base.yaml", base)
            .with("p/platform/core.yaml", core);
        let options = LoadOptions {
            platform_dir: Some("p".to_owned()),
            ..LoadOptions::default()
        };
        load_platform(&files, &[], &options)
    }

    #[test]
    fn a_platform_that_loads_cleanly_is_prepared() {
        let prepared = PreparedPlatform::new(platform(
            "global:\n  namespacePrefix: shop\nenvironments:\n  dev:\n    enabled: true\n",
            "services:\n  orders: {}\n",
        ))
        .unwrap();
        assert_eq!(prepared.context().env_of_namespace("shop-dev"), Some("dev"));
    }

    #[test]
    fn a_platform_with_load_errors_is_refused_with_their_places() {
        let error = PreparedPlatform::new(platform(
            "global:\n  namespacePrefix: shop\n",
            "services:\n  orders: [unclosed\n",
        ))
        .unwrap_err();
        let AdmissionError::Platform(errors) = &error else {
            panic!("{error:?}");
        };
        assert_eq!(errors.len(), 1, "{errors:#?}");
        assert_eq!(errors[0].location.file, "p/platform/core.yaml");
        let text = error.to_string();
        assert!(
            text.starts_with("the platform configuration has 1 error(s): p/platform/core.yaml:"),
            "{text}"
        );
    }
}
