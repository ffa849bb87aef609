//! The CI `update:<env>` job: `image.tag` (and optionally `image.repository`)
//! of an overlay, rewritten in place.

use crate::editor::set_values;
use crate::error::EditError;
use crate::image::{ImageRepository, ImageTag};
use crate::scalar::Value;

/// The new image of an environment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageUpdate {
    /// The tag, always written as a quoted string.
    pub tag: ImageTag,
    /// The repository, when it changes too.
    pub repository: Option<ImageRepository>,
}

/// Writes `update` into the values text of an overlay: `image.repository` first
/// (when given), then `image.tag` as a quoted string. Everything else is kept
/// byte for byte (see [`crate::set_value`]).
///
/// # Errors
/// As [`crate::set_value`].
pub fn set_image(text: &str, file: &str, update: &ImageUpdate) -> Result<String, EditError> {
    let mut edits: Vec<(&[&str], Value)> = Vec::new();
    if let Some(repository) = &update.repository {
        edits.push((&["image", "repository"], Value::str(repository.as_str())));
    }
    edits.push((&["image", "tag"], Value::quoted(update.tag.as_str())));
    set_values(text, file, &edits)
}
