//! `NOTES.txt` (3.13.0): Helm renders it with the manifests and prints
//! nothing of it in `helm template`, but a failure in it fails the render.
//! Most often it fails on `contains "NodePort" .Values.service.type`: the
//! chart defines no `service.type`, and `contains` wants a string.

use serde_json::Value;

use super::{Draft, Tpl};
use crate::error::RenderError;
use crate::gotmpl::{self, Exec, truthy};

/// `contains "<word>" .Values.service.type`.
fn service_type_contains(t: &Tpl<'_>, word: &str) -> Result<bool, RenderError> {
    let kind = t.string(t.val("service.type")?, ".Values.service.type")?;
    Ok(kind.contains(word))
}

/// `index .Values.service.ports 0 "port"`.
fn first_port(t: &Tpl<'_>) -> Result<(), RenderError> {
    let fail = |reason: &str| {
        t.exec(Exec::new(
            "index .Values.service.ports 0 \"port\"",
            format!("error calling index: {reason}"),
        ))
    };
    match t.val("service.ports")? {
        None => Err(fail("index of untyped nil")),
        Some(Value::Array(items)) => match items.first() {
            None => Err(fail("index out of range: 0")),
            Some(Value::Object(_)) => Ok(()),
            Some(Value::Null) => Err(fail("index of nil pointer")),
            Some(_) => Err(fail("cannot index item")),
        },
        Some(Value::Object(_)) => Err(fail("value has type int; should be string")),
        Some(_) => Err(fail("can't index item")),
    }
}

/// `len <value>` of the notes.
fn len(t: &Tpl<'_>, chain: &str) -> Result<(), RenderError> {
    gotmpl::len(t.val(chain)?, &format!("len .Values.{chain}"))
        .map(|_| ())
        .map_err(|e| t.exec(e))
}

/// Renders nothing; fails where Helm's rendering of the notes fails.
pub(crate) fn render(t: &Tpl<'_>, _out: &mut Vec<Draft>) -> Result<(), RenderError> {
    t.app()?;
    if t.on("gateway.enabled")? {
        t.val("gateway.tls")?;
        t.val("gateway.hostname")?;
    } else if t.on("ingress.enabled")? {
        for (_, host) in t.range(t.val("ingress.hosts")?, ".Values.ingress.hosts")? {
            t.val("ingress.tls")?;
            t.at(Some(host), "host", "$host.host")?;
        }
    } else if service_type_contains(t, "NodePort")? {
    } else if service_type_contains(t, "LoadBalancer")? {
        first_port(t)?;
    } else {
        service_type_contains(t, "ClusterIP")?;
    }
    if t.on("deployment.enabled")? {
        t.val("replicas")?;
    }
    for workload in ["worker", "cronjob", "job"] {
        if t.on(&format!("{workload}.enabled"))? {
            len(t, &format!("{workload}.spec"))?;
        }
    }
    t.on("serviceMonitor.enabled")?;
    if t.on("cache.enabled")? {
        t.val("cache.port")?;
    }
    if t.on("hpa.enabled")? {
        t.val("hpa.minReplicas")?;
        t.val("hpa.maxReplicas")?;
    }
    t.on("pdb.enabled")?;
    t.on("rbac.create")?;
    if t.on("secrets")? {
        len(t, "secrets")?;
    }
    t.on("imagePullSecrets")?;
    if t.on("volume.enabled")? {
        t.val("volume.resources.requests.storage")?;
    }
    if t.on("configfiles")? {
        t.val("configfiles.mountPath")?;
    }
    if t.on("sharedVolumes")? {
        len(t, "sharedVolumes")?;
    }
    t.on("worker.enabled")?;
    if t.on("gateway.enabled")? {
        let _ = truthy(t.val("gateway.tls")?);
    }
    Ok(())
}
