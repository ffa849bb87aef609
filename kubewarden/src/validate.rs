//! The waPC functions Kubewarden calls: `validate` and `validate_settings`.

use std::cell::RefCell;
use std::rc::Rc;

use gg_admission::{Request, decode_json, judge};
use kube_core::admission::AdmissionResponse;
use kubewarden_policy_sdk::response::ValidationResponse;
use kubewarden_policy_sdk::settings::SettingsValidationResponse;
use kubewarden_policy_sdk::wapc_guest::CallResult;
use serde::Deserialize;
use serde_json::Value;

use crate::error::PolicyError;
use crate::settings::Settings;

/// A Kubewarden `ValidationRequest`: the admission request and the
/// policy's settings.
#[derive(Deserialize)]
struct Payload {
    request: Request,
    #[serde(default)]
    settings: Value,
}

thread_local! {
    /// The settings last seen and what they load: a module instance
    /// evaluates many requests with the same settings.
    static LOADED: RefCell<Option<(Value, Rc<Settings>)>> = const { RefCell::new(None) };
}

/// The settings of `value`, loaded once while they stay the same.
fn loaded(value: Value) -> Result<Rc<Settings>, PolicyError> {
    if let Some(settings) = LOADED.with_borrow(|cached| {
        cached
            .as_ref()
            .filter(|(seen, _)| *seen == value)
            .map(|(_, settings)| Rc::clone(settings))
    }) {
        return Ok(settings);
    }
    let settings = Rc::new(Settings::from_json(&value)?);
    LOADED.set(Some((value, Rc::clone(&settings))));
    Ok(settings)
}

/// `validate`: judges the request with the judge of `gitops-guard serve`.
/// A request that does not decode is rejected with code 400 and the
/// position of the problem; unusable settings with code 500.
///
/// # Errors
/// Only when the response cannot be encoded.
pub fn validate(payload: &[u8]) -> CallResult {
    let response = match judged(payload) {
        Ok(response) => response,
        Err(error) => {
            let code = match error {
                PolicyError::Request(_) => 400,
                PolicyError::Setting { .. } | PolicyError::Settings(_) => 500,
            };
            ValidationResponse {
                accepted: false,
                message: Some(error.to_string()),
                code: Some(code),
                mutated_object: None,
                audit_annotations: None,
                warnings: None,
            }
        }
    };
    Ok(serde_json::to_vec(&response)?)
}

/// The decision on one `ValidationRequest`.
fn judged(payload: &[u8]) -> Result<ValidationResponse, PolicyError> {
    let Payload { request, settings } = decode_json(payload, "a Kubewarden ValidationRequest")?;
    let settings = loaded(settings)?;
    let decision = judge(
        settings.platform.context(),
        &settings.exemptions,
        settings.mode,
        &request,
    );
    Ok(kubewarden_response(decision.response))
}

/// The webhook's admission response in Kubewarden's terms: the same
/// decision, status message, code and warnings.
fn kubewarden_response(response: AdmissionResponse) -> ValidationResponse {
    let denied = !response.allowed;
    ValidationResponse {
        accepted: response.allowed,
        message: denied.then_some(response.result.message),
        code: denied.then_some(response.result.code),
        mutated_object: None,
        audit_annotations: None,
        warnings: response.warnings,
    }
}

/// `validate_settings`: whether the settings are usable; when not, the
/// message names the field.
///
/// # Errors
/// Only when the response cannot be encoded.
pub fn validate_settings(payload: &[u8]) -> CallResult {
    let checked = serde_json::from_slice::<Value>(payload)
        .map_err(|error| PolicyError::Settings(format!("not JSON: {error}")))
        .and_then(|value| loaded(value).map(drop));
    let response = SettingsValidationResponse {
        valid: checked.is_ok(),
        message: checked.err().map(|error| error.to_string()),
    };
    Ok(serde_json::to_vec(&response)?)
}
