//! The policy's settings, as a `ClusterAdmissionPolicy` gives them:
//!
//! ```yaml
//! settings:
//!   mode: enforce            # enforce | warn | audit (default enforce)
//!   exemptUsers: []          # like `serve --exempt-user`; a trailing * matches any suffix
//!   platform:
//!     base: |                # required: the platform's platform/base.yaml
//!       …
//!     core: |                # platform/core.yaml (services, ApplicationSet)
//!       …
//!     k8appDefaults: |       # shared/k8app-defaults.yaml
//!       …
//! ```
//!
//! The platform files travel as texts and are loaded exactly as `serve` loads
//! them from disk; every problem names its field (and line and column).

use gg_admission::{AdmissionError, Exemptions, Mode, PreparedPlatform};
use gg_platform::{LoadOptions, MemoryFiles, load_platform};
use serde_json::{Map, Value};

use crate::error::PolicyError;

/// Where the platform's texts are loaded from, in memory.
const ROOT: &str = "settings";

/// The platform fields: (settings field, file below the platform root).
const PLATFORM_FILES: [(&str, &str); 3] = [
    ("base", "platform/base.yaml"),
    ("core", "platform/core.yaml"),
    ("k8appDefaults", "shared/k8app-defaults.yaml"),
];

/// The top-level fields.
const FIELDS: [&str; 3] = ["mode", "exemptUsers", "platform"];

/// Usable settings: how to judge, whom to let through, and the platform.
#[derive(Debug)]
pub struct Settings {
    /// What findings do.
    pub mode: Mode,
    /// Users let through unjudged.
    pub exemptions: Exemptions,
    /// The loaded platform.
    pub platform: PreparedPlatform,
}

impl Settings {
    /// Reads and checks the settings object, and loads the platform it
    /// carries.
    ///
    /// # Errors
    /// The first field that is missing, of the wrong type, unknown or
    /// unusable, by name; a platform that does not load, with each error's
    /// field, line and column.
    pub fn from_json(settings: &Value) -> Result<Self, PolicyError> {
        let fields = object(settings, None)?;
        unknown(fields, &FIELDS, None)?;
        let mode = match fields.get("mode") {
            None | Some(Value::Null) => Mode::Enforce,
            Some(value) => text(value, "mode")?
                .parse()
                .map_err(|error: AdmissionError| setting("mode", error.to_string()))?,
        };
        let users = match fields.get("exemptUsers") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(users)) => users
                .iter()
                .enumerate()
                .map(|(i, user)| text(user, &format!("exemptUsers[{i}]")).map(str::to_owned))
                .collect::<Result<_, _>>()?,
            Some(_) => return Err(setting("exemptUsers", "expected a list of user names")),
        };
        let platform = platform(fields.get("platform").unwrap_or(&Value::Null))?;
        Ok(Self {
            mode,
            exemptions: Exemptions { users },
            platform,
        })
    }
}

/// The platform of the `platform` field, loaded and prepared.
fn platform(value: &Value) -> Result<PreparedPlatform, PolicyError> {
    let fields = object(value, Some("platform"))?;
    let known = PLATFORM_FILES.map(|(field, _)| field);
    unknown(fields, &known, Some("platform"))?;
    let mut files = MemoryFiles::new();
    for (field, file) in PLATFORM_FILES {
        let name = format!("platform.{field}");
        match fields.get(field) {
            None | Some(Value::Null) if field == "base" => {
                return Err(setting(
                    &name,
                    "required: the text of the platform's platform/base.yaml",
                ));
            }
            None | Some(Value::Null) => {}
            Some(value) => files.insert(format!("{ROOT}/{file}"), text(value, &name)?),
        }
    }
    let options = LoadOptions {
        platform_dir: Some(ROOT.to_owned()),
        ..LoadOptions::default()
    };
    PreparedPlatform::new(load_platform(&files, &[], &options)).map_err(|error| match error {
        AdmissionError::Platform(errors) => load_errors(&errors),
        other => setting("platform", other.to_string()),
    })
}

/// The errors of loading the platform, named by the first one's field: each
/// with its line and column (and its own field, when another).
fn load_errors(errors: &[gg_diagnostic::Diagnostic]) -> PolicyError {
    let field = errors.first().map_or_else(
        || "platform".to_owned(),
        |first| field_of(&first.location.file),
    );
    let reason = errors
        .iter()
        .map(|error| {
            let own = field_of(&error.location.file);
            let place = if own == field {
                String::new()
            } else {
                format!("`{own}` ")
            };
            format!(
                "{place}line {}, column {}: [{}] {}",
                error.location.line, error.location.column, error.rule, error.message
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    setting(&field, reason)
}

/// The settings field a loaded file came from.
fn field_of(file: &str) -> String {
    PLATFORM_FILES
        .iter()
        .find(|(_, path)| file.strip_prefix(ROOT).and_then(|f| f.strip_prefix('/')) == Some(*path))
        .map_or_else(
            || "platform".to_owned(),
            |(field, _)| format!("platform.{field}"),
        )
}

/// `value` as an object; `field` names it (the settings themselves when `None`).
fn object<'v>(
    value: &'v Value,
    field: Option<&str>,
) -> Result<&'v Map<String, Value>, PolicyError> {
    match (value, field) {
        (Value::Object(fields), _) => Ok(fields),
        (Value::Null, None) => Err(PolicyError::Settings(
            "missing: the policy needs at least `platform.base`".to_owned(),
        )),
        (_, None) => Err(PolicyError::Settings("expected an object".to_owned())),
        (Value::Null, Some(field)) => Err(setting(
            field,
            "required: the platform's files (`base`, `core`, `k8appDefaults`)",
        )),
        (_, Some(field)) => Err(setting(field, "expected an object")),
    }
}

/// Refuses a member of `fields` that is not one of `known`.
fn unknown(
    fields: &Map<String, Value>,
    known: &[&str],
    within: Option<&str>,
) -> Result<(), PolicyError> {
    let Some(stray) = fields.keys().find(|key| !known.contains(&key.as_str())) else {
        return Ok(());
    };
    let expected = known
        .iter()
        .map(|field| format!("`{field}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let reason = format!("unknown field (expected {expected})");
    Err(match within {
        Some(parent) => setting(&format!("{parent}.{stray}"), reason),
        None => setting(stray, reason),
    })
}

/// `value` as a string.
fn text<'v>(value: &'v Value, field: &str) -> Result<&'v str, PolicyError> {
    value
        .as_str()
        .ok_or_else(|| setting(field, format!("expected a string, got {}", kind(value))))
}

/// What a JSON value is, for messages.
fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

fn setting(field: &str, reason: impl Into<String>) -> PolicyError {
    PolicyError::Setting {
        field: field.to_owned(),
        reason: reason.into(),
    }
}
