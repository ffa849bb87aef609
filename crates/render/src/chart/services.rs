//! `service.yaml`, `service-external.yaml`, `service-internal.yaml`,
//! `service-headless.yaml`, `service-external-name.yaml` (the same in every
//! release).

use serde_json::{Value, json};

use super::{Draft, Obj, Tpl, list_or_null, paths};
use crate::error::RenderError;
use crate::gotmpl::{self, default};

/// `range $key, $value := .Values.<section>.ports`: one port per entry.
fn ports(t: &Tpl<'_>, section: &str, default_port: i64) -> Result<Vec<Value>, RenderError> {
    let fallback = t.keep(json!(default_port));
    let expr = format!(".Values.{section}.ports");
    t.range(t.val(&format!("{section}.ports"))?, &expr)?
        .into_iter()
        .map(|(name, port)| {
            let port = Some(port);
            let external = t.at(port, "externalPort", "$value.externalPort")?;
            Ok(Obj::new()
                .with("port", t.plain(default(external, Some(fallback))))
                .with(
                    "targetPort",
                    t.plain(t.at(port, "internalPort", "$value.internalPort")?),
                )
                .with(
                    "protocol",
                    t.plain(t.at(port, "protocol", "$value.protocol")?),
                )
                .with("name", t.value(&name.text))
                .into())
        })
        .collect()
}

/// `annotations: {{ toJson .Values.<section>.annotations }}` under `if`.
fn json_annotations(t: &Tpl<'_>, section: &str) -> Result<Option<Value>, RenderError> {
    let chain = format!("{section}.annotations");
    if !t.on(&chain)? {
        return Ok(None);
    }
    Ok(Some(t.value(&gotmpl::to_json(t.val(&chain)?))))
}

fn service(metadata: Obj, spec: Obj) -> Value {
    Obj::new()
        .with("apiVersion", "v1")
        .with("kind", "Service")
        .with("metadata", metadata)
        .with("spec", spec)
        .into()
}

/// `loadBalancerIP` and `loadBalancerSourceRanges` of the LoadBalancer kinds.
fn load_balancer(t: &Tpl<'_>, section: &str, spec: Obj) -> Result<Obj, RenderError> {
    let ip = format!("{section}.loadBalancerIP");
    let ranges = format!("{section}.loadBalancerSourceRanges");
    let spec = if t.on(&ip)? {
        spec.with("loadBalancerIP", t.plain(t.val(&ip)?))
    } else {
        spec
    };
    let spec = if t.on(&ranges)? {
        let items = t
            .range(t.val(&ranges)?, &format!(".Values.{ranges}"))?
            .into_iter()
            .map(|(_, item)| t.item(&gotmpl::print(Some(item))))
            .collect();
        spec.with("loadBalancerSourceRanges", list_or_null(items))
    } else {
        spec
    };
    Ok(spec
        .with("selector", t.selector()?)
        .with("sessionAffinity", "None")
        .with("type", "LoadBalancer"))
}

fn metadata(t: &Tpl<'_>, name: &str, annotations: Option<Value>) -> Result<Obj, RenderError> {
    Ok(Obj::new()
        .with_opt("annotations", annotations)
        .with("namespace", t.value(t.namespace()))
        .with("name", t.value(name))
        .with("labels", t.labels()?))
}

/// `service.yaml`: ClusterIP Service `{app}-sv`.
pub(crate) fn cluster_ip(t: &Tpl<'_>, out: &mut Vec<Draft>) -> Result<(), RenderError> {
    if !t.on("service.enabled")? {
        return Ok(());
    }
    let name = format!("{}-sv", t.app()?);
    let metadata = metadata(t, &name, json_annotations(t, "service")?)?;
    let spec = Obj::new()
        .with("ports", list_or_null(ports(t, "service", 80)?))
        .with("selector", t.selector()?)
        .with("type", "ClusterIP");
    out.push(Draft::new(
        t.path,
        paths(&["service.enabled", "service.ports"]),
        service(metadata, spec),
    ));
    Ok(())
}

/// `service-external.yaml`: LoadBalancer Service `{app}-ext-sv`.
pub(crate) fn external(t: &Tpl<'_>, out: &mut Vec<Draft>) -> Result<(), RenderError> {
    if !t.on("serviceExternal.enabled")? {
        return Ok(());
    }
    let name = format!("{}-ext-sv", t.app()?);
    let metadata = metadata(t, &name, json_annotations(t, "serviceExternal")?)?;
    let spec = Obj::new().with("ports", list_or_null(ports(t, "serviceExternal", 20999)?));
    out.push(Draft::new(
        t.path,
        paths(&["serviceExternal.enabled", "serviceExternal.ports"]),
        service(metadata, load_balancer(t, "serviceExternal", spec)?),
    ));
    Ok(())
}

/// `service-internal.yaml`: internal LoadBalancer Service `{app}-int-sv`.
pub(crate) fn internal(t: &Tpl<'_>, out: &mut Vec<Draft>) -> Result<(), RenderError> {
    if !t.on("serviceInternal.enabled")? {
        return Ok(());
    }
    let mut annotations = Obj::new().with(
        "service.beta.kubernetes.io/aws-load-balancer-internal",
        "true",
    );
    if t.on("serviceInternal.annotations")? {
        // `toYaml … | nindent 4` below a mapping entry: only a map fits there.
        match t.val("serviceInternal.annotations")? {
            extra @ Some(Value::Object(_)) => annotations = annotations.extend(extra),
            _ => t.breaks("`serviceInternal.annotations` is not a map: its YAML lands inside the annotations mapping"),
        }
    }
    let name = format!("{}-int-sv", t.app()?);
    let metadata = metadata(t, &name, Some(annotations.into()))?;
    let spec = Obj::new().with("ports", list_or_null(ports(t, "serviceInternal", 20999)?));
    out.push(Draft::new(
        t.path,
        paths(&["serviceInternal.enabled", "serviceInternal.ports"]),
        service(metadata, load_balancer(t, "serviceInternal", spec)?),
    ));
    Ok(())
}

/// `service-headless.yaml`: headless Service `{app}-headless-sv`.
pub(crate) fn headless(t: &Tpl<'_>, out: &mut Vec<Draft>) -> Result<(), RenderError> {
    if !t.on("serviceHeadless.enabled")? {
        return Ok(());
    }
    let name = format!("{}-headless-sv", t.app()?);
    let metadata = Obj::new()
        .with("namespace", t.value(t.namespace()))
        .with("name", t.value(&name))
        .with("labels", t.labels()?)
        .with(
            "annotations",
            json!({"service.alpha.kubernetes.io/tolerate-unready-endpoints": "true"}),
        );
    let spec = Obj::new()
        .with("clusterIP", "None")
        .with("ports", list_or_null(ports(t, "serviceHeadless", 80)?))
        .with("selector", t.selector()?);
    out.push(Draft::new(
        t.path,
        paths(&["serviceHeadless.enabled", "serviceHeadless.ports"]),
        service(metadata, spec),
    ));
    Ok(())
}

/// `service-external-name.yaml`: one ExternalName Service per entry.
pub(crate) fn external_name(t: &Tpl<'_>, out: &mut Vec<Draft>) -> Result<(), RenderError> {
    if !t.on("serviceExternalName.enabled")? {
        return Ok(());
    }
    t.app()?;
    let services = t.val("serviceExternalName.services")?;
    for (key, value) in t.range(services, ".Values.serviceExternalName.services")? {
        let metadata = Obj::new()
            .with("namespace", t.value(t.namespace()))
            .with("name", t.value(&key.text))
            .with("labels", t.labels()?);
        let spec = Obj::new()
            .with(
                "externalName",
                t.plain(t.at(Some(value), "externalName", "$value.externalName")?),
            )
            .with("sessionAffinity", "None")
            .with("type", "ExternalName");
        out.push(Draft::new(
            t.path,
            vec![vec![
                "serviceExternalName".to_owned(),
                "services".to_owned(),
                key.text,
            ]],
            service(metadata, spec),
        ));
    }
    Ok(())
}
