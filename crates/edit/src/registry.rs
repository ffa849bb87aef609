//! Registering a service in `platform/core.yaml` (`services.<name>`), keeping
//! the file's comments and layout.

use gg_yaml::{Limits, load_documents};

use crate::editor::set_value;
use crate::error::EditError;
use crate::scalar::Value;

/// A `services.<name>` entry of `platform/core.yaml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registration {
    /// The registry key.
    pub name: String,
    /// `syncWave` (written as a quoted string, as ArgoCD annotations need).
    pub sync_wave: String,
    /// `repoURL`.
    pub repo_url: String,
    /// `path`: the `.cicd` directory inside the repository.
    pub path: String,
}

/// Adds `services.<name>: {syncWave, repoURL, path}` to the text of
/// `platform/core.yaml` (creating `services:` when missing).
///
/// # Errors
/// [`EditError::AlreadyRegistered`] when the name is taken, else as [`crate::set_value`].
pub fn register_service(text: &str, file: &str, entry: &Registration) -> Result<String, EditError> {
    let docs = load_documents(text, file, &Limits::default())?;
    let existing = docs
        .first()
        .and_then(|doc| doc.root.get_path(&["services"]))
        .and_then(|services| services.as_map())
        .and_then(|services| services.entry(&entry.name));
    if let Some((key, _)) = existing {
        return Err(EditError::AlreadyRegistered {
            file: file.to_owned(),
            line: key.span.start.line,
            service: entry.name.clone(),
        });
    }
    let value = Value::Map(vec![
        ("syncWave".to_owned(), Value::quoted(&entry.sync_wave)),
        ("repoURL".to_owned(), Value::str(&entry.repo_url)),
        ("path".to_owned(), Value::str(&entry.path)),
    ]);
    set_value(text, file, &["services", &entry.name], &value)
}
