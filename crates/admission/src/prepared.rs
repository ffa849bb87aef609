//! A platform ready to judge with: loaded without errors, the object checks'
//! lookups computed once.

use gg_diagnostic::Severity;
use gg_platform::Platform;
use gg_rules::objects::ObjectContext;

use crate::error::AdmissionError;

/// Most load errors an [`AdmissionError::Platform`] lists.
const MAX_LISTED: usize = 5;

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
    /// [`AdmissionError::Platform`] when loading it found errors (a platform
    /// file that does not parse, a value of the wrong type): each as
    /// `file:line:column: [rule] message`, the first few of them.
    pub fn new(platform: Platform) -> Result<Self, AdmissionError> {
        let errors: Vec<String> = platform
            .issues
            .iter()
            .filter(|issue| issue.severity == Severity::Error)
            .map(|issue| format!("{}: [{}] {}", issue.location, issue.rule, issue.message))
            .collect();
        if errors.is_empty() {
            return Ok(Self {
                ctx: ObjectContext::owning(platform),
            });
        }
        let more = errors.len().saturating_sub(MAX_LISTED);
        let mut listed: Vec<String> = errors.into_iter().take(MAX_LISTED).collect();
        if more > 0 {
            listed.push(format!("and {more} more"));
        }
        Err(AdmissionError::Platform(listed))
    }

    /// The object checks' view of the platform.
    pub fn context(&self) -> &ObjectContext<'static> {
        &self.ctx
    }
}
