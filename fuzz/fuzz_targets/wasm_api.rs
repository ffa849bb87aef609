//! Any JSON as the browser module's input — `{"files": {path: text},
//! "options": {…}, "service": "…", "env": "…"}` — through every entry point,
//! called natively: nothing panics; every answer serialises to JSON as the
//! bindings hand it to JavaScript; every error has a message; the lint
//! report's summary counts its own findings.
#![no_main]

use std::collections::BTreeMap;

use gg_wasm::{Project, ProjectOptions, WasmError};
use libfuzzer_sys::fuzz_target;
use serde::Serialize;
use serde_json::Value;

fn answered<T: Serialize>(result: Result<T, WasmError>) -> Option<Value> {
    match result {
        Ok(value) => Some(serde_json::to_value(&value).expect("an answer serialises")),
        Err(error) => {
            assert!(!error.to_string().is_empty(), "{error:?}");
            None
        }
    }
}

fn count(diagnostics: &[Value], severity: &str) -> u64 {
    diagnostics
        .iter()
        .filter(|d| d["severity"] == severity)
        .count() as u64
}

fuzz_target!(|data: &[u8]| {
    let Ok(input) = serde_json::from_slice::<Value>(data) else {
        return;
    };
    let Ok(files) = serde_json::from_value::<BTreeMap<String, String>>(input["files"].clone())
    else {
        return;
    };
    let options = match &input["options"] {
        Value::Null => ProjectOptions::default(),
        options => match serde_json::from_value(options.clone()) {
            Ok(options) => options,
            Err(_) => return,
        },
    };
    let text = |key: &str| input[key].as_str().unwrap_or_default().to_owned();
    let (service, env) = (text("service"), text("env"));
    let project = match Project::new(files, options) {
        Ok(project) => project,
        Err(error) => {
            assert!(!error.to_string().is_empty(), "{error:?}");
            return;
        }
    };
    if let Some(report) = answered(gg_wasm::lint(&project)) {
        let diagnostics = report["diagnostics"]
            .as_array()
            .expect("a list of findings");
        let summary = &report["summary"];
        assert_eq!(summary["errors"], count(diagnostics, "error"), "{report}");
        assert_eq!(
            summary["warnings"],
            count(diagnostics, "warning"),
            "{report}"
        );
    }
    answered(Ok::<_, WasmError>(gg_wasm::services(&project)));
    answered(gg_wasm::values(&project, &service, &env));
    answered(gg_wasm::render(&project, &service, &env));
    answered(gg_wasm::vault(&project, &service, &env));
    answered(gg_wasm::explain(&service));
    answered(gg_wasm::schema(Some(&env)));
});
