//! The JavaScript surface: each export converts plain JS objects to the typed
//! inputs, calls the module's function and converts the result back. Types are
//! in `wasm/gitops-guard.d.ts`, which wasm-bindgen appends to its `.d.ts`.
//! The exports are `pub` for wasm-bindgen, which hands them to JavaScript
//! whatever Rust's module tree says.
#![allow(unreachable_pub)]

use std::collections::BTreeMap;

use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::prelude::*;

use crate::{Project, ProjectOptions, WasmError};

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = include_str!("../gitops-guard.d.ts");

fn input<T: DeserializeOwned>(value: JsValue, what: &str) -> Result<T, JsError> {
    serde_wasm_bindgen::from_value(value)
        .map_err(|e| JsError::from(WasmError::Input(format!("{what}: {e}"))))
}

fn output<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::from(WasmError::Serialize(e.to_string())))
}

fn project(files: JsValue, options: JsValue) -> Result<Project, JsError> {
    let files: BTreeMap<String, String> = input(files, "files must map paths to texts")?;
    let options: ProjectOptions = if options.is_undefined() || options.is_null() {
        ProjectOptions::default()
    } else {
        input(options, "options")?
    };
    Ok(Project::new(files, options)?)
}

/// Lints the files: the findings CI and the webhook report, as the CLI's JSON.
#[wasm_bindgen(unchecked_return_type = "LintReport")]
pub fn lint(
    #[wasm_bindgen(unchecked_param_type = "Files")] files: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Options")] options: JsValue,
) -> Result<JsValue, JsError> {
    output(&crate::lint(&project(files, options)?)?)
}

/// The platform's environments and the services found in the files.
#[wasm_bindgen(unchecked_return_type = "ServicesReport")]
pub fn services(
    #[wasm_bindgen(unchecked_param_type = "Files")] files: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Options")] options: JsValue,
) -> Result<JsValue, JsError> {
    output(&crate::services(&project(files, options)?))
}

/// A service's merged values in `env`, with the file and line of every value.
#[wasm_bindgen(unchecked_return_type = "ValuesReport")]
pub fn values(
    #[wasm_bindgen(unchecked_param_type = "Files")] files: JsValue,
    service: &str,
    env: &str,
    #[wasm_bindgen(unchecked_optional_param_type = "Options")] options: JsValue,
) -> Result<JsValue, JsError> {
    output(&crate::values(&project(files, options)?, service, env)?)
}

/// The Kubernetes objects k8app renders for a service in `env`.
#[wasm_bindgen(unchecked_return_type = "RenderReport")]
pub fn render(
    #[wasm_bindgen(unchecked_param_type = "Files")] files: JsValue,
    service: &str,
    env: &str,
    #[wasm_bindgen(unchecked_optional_param_type = "Options")] options: JsValue,
) -> Result<JsValue, JsError> {
    output(&crate::render(&project(files, options)?, service, env)?)
}

/// Each secret's resolved path and the policy rule that grants or denies it.
#[wasm_bindgen(unchecked_return_type = "VaultReport")]
pub fn vault(
    #[wasm_bindgen(unchecked_param_type = "Files")] files: JsValue,
    service: &str,
    env: &str,
    #[wasm_bindgen(unchecked_optional_param_type = "Options")] options: JsValue,
) -> Result<JsValue, JsError> {
    output(&crate::vault(&project(files, options)?, service, env)?)
}

/// The Markdown page of a rule (`gitops-guard explain RULE`).
#[wasm_bindgen]
pub fn explain(rule: &str) -> Result<String, JsError> {
    Ok(crate::explain(rule)?.to_owned())
}

/// Every rule with its default severity and summary.
#[wasm_bindgen(unchecked_return_type = "RuleInfo[]")]
pub fn rules() -> Result<JsValue, JsError> {
    output(&crate::rules())
}

/// The JSON Schema of `.cicd/*.yaml` for a k8app chart version (default: newest).
#[wasm_bindgen(unchecked_return_type = "Record<string, unknown>")]
pub fn schema(chart_version: Option<String>) -> Result<JsValue, JsError> {
    output(&crate::schema(chart_version.as_deref())?)
}

/// The version of the engine.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}
