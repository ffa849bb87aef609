//! Liveness and readiness probes in their three forms: the main
//! container's (`mode` picks the check), the sidecars' (the check present
//! wins) and the workers' (`mode` and `with`).

use serde_json::{Value, json};

use super::{Obj, Tpl, list_or_null};
use crate::error::RenderError;
use crate::gotmpl::{self, default, truthy};

/// Which probe: readiness has no `tcpSocket.port` default in every form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ProbeKind {
    /// `livenessProbe`.
    Liveness,
    /// `readinessProbe`.
    Readiness,
}

/// `<probe>.<field> | default <fallback>` printed.
fn timed(
    t: &Tpl<'_>,
    probe: Option<&Value>,
    field: &str,
    fallback: i64,
    expr: &str,
) -> Result<Value, RenderError> {
    let fallback = json!(fallback);
    let value = t.at(probe, field, &format!("{expr}.{field}"))?;
    Ok(t.plain(default(value, Some(&fallback))))
}

fn timings(t: &Tpl<'_>, obj: Obj, probe: Option<&Value>, expr: &str) -> Result<Obj, RenderError> {
    Ok(obj
        .with(
            "initialDelaySeconds",
            timed(t, probe, "initialDelaySeconds", 5, expr)?,
        )
        .with("periodSeconds", timed(t, probe, "periodSeconds", 5, expr)?)
        .with(
            "successThreshold",
            timed(t, probe, "successThreshold", 1, expr)?,
        )
        .with(
            "timeoutSeconds",
            timed(t, probe, "timeoutSeconds", 5, expr)?,
        ))
}

/// `range <probe>.execCommand.command` printing each item as a list item.
fn ranged_command(t: &Tpl<'_>, probe: Option<&Value>, expr: &str) -> Result<Value, RenderError> {
    let chain = format!("{expr}.execCommand.command");
    let command = t.at(probe, "execCommand.command", &chain)?;
    let items = t
        .range(command, &chain)?
        .into_iter()
        .map(|(_, item)| t.item(&gotmpl::print(Some(item))))
        .collect();
    Ok(list_or_null(items))
}

/// `port: {{ <probe>.<action>.port | default <fallback> }}` (no default: `None`).
fn port(
    t: &Tpl<'_>,
    probe: Option<&Value>,
    action: &str,
    fallback: Option<i64>,
    expr: &str,
) -> Result<Value, RenderError> {
    let port = t.at(
        probe,
        &format!("{action}.port"),
        &format!("{expr}.{action}.port"),
    )?;
    Ok(match fallback {
        Some(fallback) => {
            let fallback = json!(fallback);
            t.plain(default(port, Some(&fallback)))
        }
        None => t.plain(port),
    })
}

/// The main container's probe `.Values.<name>` (`mode`: httpGet, tcpSocket,
/// execCommand, grpc).
pub(crate) fn main_probe(t: &Tpl<'_>, name: &str, kind: ProbeKind) -> Result<Value, RenderError> {
    let expr = format!(".Values.{name}");
    let probe = t.val(name)?;
    let mode = t.at(probe, "mode", &format!("{expr}.mode"))?;
    let mode_is = |m: &str| t.eq(mode, m, &format!("{expr}.mode"));
    let mut obj = Obj::new().with(
        "failureThreshold",
        timed(t, probe, "failureThreshold", 3, &expr)?,
    );
    if mode_is("httpGet")? {
        let path = t.at(probe, "httpGet.path", &format!("{expr}.httpGet.path"))?;
        obj = obj.with(
            "httpGet",
            Obj::new()
                .with("path", t.plain(path))
                .with("port", port(t, probe, "httpGet", Some(80), &expr)?)
                .with("scheme", "HTTP"),
        );
    }
    if mode_is("tcpSocket")? {
        let fallback = (kind == ProbeKind::Liveness).then_some(80);
        obj = obj.with(
            "tcpSocket",
            Obj::new().with("port", port(t, probe, "tcpSocket", fallback, &expr)?),
        );
    }
    if mode_is("execCommand")? {
        obj = obj.with(
            "exec",
            Obj::new().with("command", ranged_command(t, probe, &expr)?),
        );
    }
    if mode_is("grpc")? {
        obj = obj.with(
            "grpc",
            Obj::new().with("port", port(t, probe, "grpc", Some(8080), &expr)?),
        );
    }
    Ok(timings(t, obj, probe, &expr)?.into())
}

/// `hasKey . "<key>"` of a sidecar's probe.
fn has_key(t: &Tpl<'_>, probe: Option<&Value>, key: &str) -> Result<bool, RenderError> {
    match probe {
        Some(Value::Object(map)) => Ok(map.contains_key(key)),
        other => Err(t.exec(gotmpl::Exec::new(
            format!("hasKey . \"{key}\""),
            format!(
                "wrong type for value; expected map[string]interface {{}}; got {}",
                gotmpl::go_type(other)
            ),
        ))),
    }
}

/// A sidecar's probe, keyed by which of `httpGet` / `tcpSocket` /
/// `execCommand` / `grpc` it has.
pub(crate) fn sidecar_probe(
    t: &Tpl<'_>,
    probe: &Value,
    kind: ProbeKind,
) -> Result<Value, RenderError> {
    let probe = Some(probe);
    let expr = ".";
    let mut obj = Obj::new().with(
        "failureThreshold",
        timed(t, probe, "failureThreshold", 3, "")?,
    );
    if has_key(t, probe, "httpGet")? {
        let fallback = json!("/health");
        let path = t.at(probe, "httpGet.path", ".httpGet.path")?;
        obj = obj.with(
            "httpGet",
            Obj::new()
                .with("path", t.plain(default(path, Some(&fallback))))
                .with("port", port(t, probe, "httpGet", Some(80), "")?)
                .with("scheme", "HTTP"),
        );
    }
    if has_key(t, probe, "tcpSocket")? {
        let fallback = (kind == ProbeKind::Liveness).then_some(80);
        obj = obj.with(
            "tcpSocket",
            Obj::new().with("port", port(t, probe, "tcpSocket", fallback, "")?),
        );
    }
    let exec = match kind {
        ProbeKind::Liveness => has_key(t, probe, "execCommand")?,
        ProbeKind::Readiness => truthy(t.at(probe, "execCommand", ".execCommand")?),
    };
    if exec {
        let command = t.at(probe, "execCommand.command", ".execCommand.command")?;
        obj = obj.with("exec", Obj::new().with("command", gotmpl::to_yaml(command)));
    }
    if has_key(t, probe, "grpc")? {
        obj = obj.with(
            "grpc",
            Obj::new().with("port", port(t, probe, "grpc", Some(8080), "")?),
        );
    }
    let _ = expr;
    Ok(timings(t, obj, probe, "")?.into())
}

/// A worker's probe (`mode`: httpGet, tcpSocket, execCommand; no grpc).
/// The liveness block reads `.tcpSocket.port` inside `with .tcpSocket`: the
/// tcpSocket's own `tcpSocket` key, nil unless written twice.
pub(crate) fn worker_probe(
    t: &Tpl<'_>,
    probe: &Value,
    kind: ProbeKind,
) -> Result<Value, RenderError> {
    let probe = Some(probe);
    let mode = t.at(probe, "mode", ".mode")?;
    let mut obj = Obj::new().with(
        "failureThreshold",
        timed(t, probe, "failureThreshold", 3, "")?,
    );
    if t.eq(mode, "httpGet", ".mode")? {
        let http = t.at(probe, "httpGet", ".httpGet")?;
        if truthy(http) {
            let fallback = json!(80);
            let port = t.at(http, "port", ".port")?;
            obj = obj.with(
                "httpGet",
                Obj::new()
                    .with("path", t.plain(t.at(http, "path", ".path")?))
                    .with("port", t.plain(default(port, Some(&fallback))))
                    .with("scheme", "HTTP"),
            );
        }
    }
    if t.eq(mode, "tcpSocket", ".mode")? {
        let tcp = t.at(probe, "tcpSocket", ".tcpSocket")?;
        if truthy(tcp) {
            let port = match kind {
                ProbeKind::Liveness => {
                    let fallback = json!(80);
                    let port = t.at(tcp, "tcpSocket.port", ".tcpSocket.port")?;
                    t.plain(default(port, Some(&fallback)))
                }
                ProbeKind::Readiness => t.plain(t.at(tcp, "port", ".port")?),
            };
            obj = obj.with("tcpSocket", Obj::new().with("port", port));
        }
    }
    if t.eq(mode, "execCommand", ".mode")? {
        obj = obj.with(
            "exec",
            Obj::new().with("command", ranged_command(t, probe, "")?),
        );
    }
    Ok(timings(t, obj, probe, "")?.into())
}
