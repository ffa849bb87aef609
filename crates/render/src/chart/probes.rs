//! Liveness/readiness probes: the main container's `mode`-keyed form, the
//! sidecars' key-presence form, and the workers' variant.

use serde_json::{Value, json};

use super::Obj;
use crate::error::RenderError;
use crate::tmpl::{at, default, eq_str, items, plain, plain_in, to_yaml, truthy};

/// Which probe: readiness has no `tcpSocket.port` default in every form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ProbeKind {
    /// `livenessProbe`.
    Liveness,
    /// `readinessProbe`.
    Readiness,
}

fn timed(probe: &Value, field: &str, fallback: i64, name: &str) -> Result<Value, RenderError> {
    plain_in(
        Some(default(probe.get(field), &json!(fallback))),
        name,
        field,
    )
}

fn timings(obj: Obj, probe: &Value, name: &str) -> Result<Obj, RenderError> {
    Ok(obj
        .with(
            "initialDelaySeconds",
            timed(probe, "initialDelaySeconds", 5, name)?,
        )
        .with("periodSeconds", timed(probe, "periodSeconds", 5, name)?)
        .with(
            "successThreshold",
            timed(probe, "successThreshold", 1, name)?,
        )
        .with("timeoutSeconds", timed(probe, "timeoutSeconds", 5, name)?))
}

/// `range .execCommand.command` printing each item: a string (the chart
/// default `"cat"`) cannot be ranged over and fails the render.
fn ranged_command(probe: &Value, name: &str, template: &str) -> Result<Value, RenderError> {
    let command = at(probe, &["execCommand", "command"]);
    match command {
        None | Some(Value::Null | Value::Array(_)) => items(command)
            .iter()
            .map(|item| plain(Some(item), &format!("{name}.execCommand.command")))
            .collect::<Result<Vec<_>, _>>()
            .map(|list| {
                if list.is_empty() {
                    Value::Null
                } else {
                    Value::Array(list)
                }
            }),
        Some(Value::Object(map)) if map.is_empty() => Ok(Value::Null),
        Some(other) => Err(RenderError::Template {
            template: template.to_owned(),
            detail: format!(
                "range can't iterate over {other} (`{name}.execCommand.command` must be a list)"
            ),
        }),
    }
}

/// The main container's probe (`mode`: httpGet, tcpSocket, execCommand, grpc).
pub(crate) fn main_probe(probe: &Value, kind: ProbeKind, name: &str) -> Result<Value, RenderError> {
    let mode = probe.get("mode");
    let mut obj = Obj::new().with(
        "failureThreshold",
        timed(probe, "failureThreshold", 3, name)?,
    );
    if eq_str(mode, "httpGet") {
        obj = obj.with(
            "httpGet",
            Obj::new()
                .with("path", plain(at(probe, &["httpGet", "path"]), name)?)
                .with(
                    "port",
                    plain(
                        Some(default(at(probe, &["httpGet", "port"]), &json!(80))),
                        name,
                    )?,
                )
                .with("scheme", "HTTP"),
        );
    }
    if eq_str(mode, "tcpSocket") {
        let fallback = json!(80);
        let port = at(probe, &["tcpSocket", "port"]);
        let port = match kind {
            ProbeKind::Liveness => Some(default(port, &fallback)),
            ProbeKind::Readiness => port,
        };
        obj = obj.with("tcpSocket", Obj::new().with("port", plain(port, name)?));
    }
    if eq_str(mode, "execCommand") {
        let command = ranged_command(probe, name, "app/templates/deployment.yaml")?;
        obj = obj.with("exec", Obj::new().with("command", command));
    }
    if eq_str(mode, "grpc") {
        obj = obj.with("grpc", grpc_action(probe, name)?);
    }
    Ok(timings(obj, probe, name)?.into())
}

/// The `grpc` action: `grpc.port`, 8080 by default.
fn grpc_action(probe: &Value, name: &str) -> Result<Obj, RenderError> {
    let fallback = json!(8080);
    let port = default(at(probe, &["grpc", "port"]), &fallback);
    Ok(Obj::new().with("port", plain(Some(port), name)?))
}

/// A sidecar's probe, keyed by which of `httpGet`/`tcpSocket`/`execCommand`/`grpc` is present.
pub(crate) fn sidecar_probe(
    probe: &Value,
    kind: ProbeKind,
    name: &str,
) -> Result<Value, RenderError> {
    let has = |key: &str| probe.get(key).is_some();
    let mut obj = Obj::new().with(
        "failureThreshold",
        timed(probe, "failureThreshold", 3, name)?,
    );
    if has("httpGet") {
        obj = obj.with(
            "httpGet",
            Obj::new()
                .with(
                    "path",
                    plain(
                        Some(default(at(probe, &["httpGet", "path"]), &json!("/health"))),
                        name,
                    )?,
                )
                .with(
                    "port",
                    plain(
                        Some(default(at(probe, &["httpGet", "port"]), &json!(80))),
                        name,
                    )?,
                )
                .with("scheme", "HTTP"),
        );
    }
    if has("tcpSocket") {
        let fallback = json!(80);
        let port = at(probe, &["tcpSocket", "port"]);
        let port = match kind {
            ProbeKind::Liveness => Some(default(port, &fallback)),
            ProbeKind::Readiness => port,
        };
        obj = obj.with("tcpSocket", Obj::new().with("port", plain(port, name)?));
    }
    let exec = match kind {
        ProbeKind::Liveness => has("execCommand"),
        ProbeKind::Readiness => truthy(probe.get("execCommand")),
    };
    if exec {
        let command = at(probe, &["execCommand", "command"]).map_or(Value::Null, to_yaml);
        obj = obj.with("exec", Obj::new().with("command", command));
    }
    if has("grpc") {
        obj = obj.with("grpc", grpc_action(probe, name)?);
    }
    Ok(timings(obj, probe, name)?.into())
}

/// A worker's probe (`mode`: httpGet, tcpSocket, execCommand; no grpc).
pub(crate) fn worker_probe(
    probe: &Value,
    kind: ProbeKind,
    name: &str,
) -> Result<Value, RenderError> {
    const TEMPLATE: &str = "app/templates/worker.yaml";
    let mode = probe.get("mode");
    let mut obj = Obj::new().with(
        "failureThreshold",
        timed(probe, "failureThreshold", 3, name)?,
    );
    if eq_str(mode, "httpGet") && truthy(probe.get("httpGet")) {
        obj = obj.with(
            "httpGet",
            Obj::new()
                .with("path", plain(at(probe, &["httpGet", "path"]), name)?)
                .with(
                    "port",
                    plain(
                        Some(default(at(probe, &["httpGet", "port"]), &json!(80))),
                        name,
                    )?,
                )
                .with("scheme", "HTTP"),
        );
    }
    if eq_str(mode, "tcpSocket") && truthy(probe.get("tcpSocket")) {
        let port = match kind {
            // The liveness block reads `.tcpSocket.port` inside `with .tcpSocket`:
            // a missing key, then `.port` of nil.
            ProbeKind::Liveness => {
                return Err(RenderError::Template {
                    template: TEMPLATE.to_owned(),
                    detail: format!(
                        "nil pointer evaluating interface {{}}.port (`{name}` with mode tcpSocket reads `.tcpSocket.tcpSocket.port`)"
                    ),
                });
            }
            ProbeKind::Readiness => at(probe, &["tcpSocket", "port"]),
        };
        obj = obj.with("tcpSocket", Obj::new().with("port", plain(port, name)?));
    }
    if eq_str(mode, "execCommand") {
        let command = ranged_command(probe, name, TEMPLATE)?;
        obj = obj.with("exec", Obj::new().with("command", command));
    }
    Ok(timings(obj, probe, name)?.into())
}
