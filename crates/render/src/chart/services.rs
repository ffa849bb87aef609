//! `service.yaml`, `service-external.yaml`, `service-internal.yaml`,
//! `service-headless.yaml`, `service-external-name.yaml`.

use serde_json::{Value, json};

use super::{Draft, Obj, Scope, paths};
use crate::error::RenderError;
use crate::tmpl::{default, items, plain, sorted_entries, to_yaml};

/// `range $key, $value := <ports>`: one port per key, sorted.
fn ports(s: &Scope<'_>, key: &str, default_port: i64) -> Result<Vec<Value>, RenderError> {
    sorted_entries(s.get(&format!("{key}.ports")))
        .into_iter()
        .map(|(name, port)| {
            let field = format!("{key}.ports.{name}");
            Ok(Obj::new()
                .with(
                    "port",
                    plain(
                        Some(default(port.get("externalPort"), &json!(default_port))),
                        &field,
                    )?,
                )
                .with("targetPort", plain(port.get("internalPort"), &field)?)
                .with("protocol", plain(port.get("protocol"), &field)?)
                .with("name", crate::tmpl::scalar(name, &field)?)
                .into())
        })
        .collect()
}

fn metadata(s: &Scope<'_>, name: String, annotations: Option<Value>) -> Value {
    Obj::new()
        .with_opt("annotations", annotations)
        .with("namespace", s.ctx.namespace.as_str())
        .with("name", name)
        .with("labels", s.labels())
        .into()
}

fn load_balancer(s: &Scope<'_>, key: &str, spec: Obj) -> Result<Obj, RenderError> {
    let ip = format!("{key}.loadBalancerIP");
    let ranges = format!("{key}.loadBalancerSourceRanges");
    let spec = spec.with_opt(
        "loadBalancerIP",
        s.on(&ip).then(|| plain(s.get(&ip), &ip)).transpose()?,
    );
    let spec = spec.with_opt(
        "loadBalancerSourceRanges",
        s.on(&ranges)
            .then(|| {
                items(s.get(&ranges))
                    .iter()
                    .map(|r| plain(Some(r), &ranges))
                    .collect::<Result<Vec<_>, _>>()
            })
            .transpose()?,
    );
    Ok(spec
        .with("selector", s.selector())
        .with("sessionAffinity", "None")
        .with("type", "LoadBalancer"))
}

fn service(metadata: Value, spec: Obj) -> Value {
    Obj::new()
        .with("apiVersion", "v1")
        .with("kind", "Service")
        .with("metadata", metadata)
        .with("spec", spec)
        .into()
}

/// Renders every enabled Service kind.
pub(crate) fn render(s: &Scope<'_>, out: &mut Vec<Draft>) -> Result<(), RenderError> {
    if s.on("service.enabled") {
        let annotations = s
            .on("service.annotations")
            .then(|| s.get("service.annotations").map_or(Value::Null, to_yaml));
        let spec = Obj::new()
            .with("ports", super::list_or_null(ports(s, "service", 80)?))
            .with("selector", s.selector())
            .with("type", "ClusterIP");
        out.push(Draft::new(
            "app/templates/service.yaml",
            paths(&["service.enabled", "service.ports"]),
            service(metadata(s, format!("{}-sv", s.app), annotations), spec),
        ));
    }
    if s.on("serviceExternal.enabled") {
        let annotations = s.on("serviceExternal.annotations").then(|| {
            s.get("serviceExternal.annotations")
                .map_or(Value::Null, to_yaml)
        });
        let spec = Obj::new().with(
            "ports",
            super::list_or_null(ports(s, "serviceExternal", 20999)?),
        );
        out.push(Draft::new(
            "app/templates/service-external.yaml",
            paths(&["serviceExternal.enabled", "serviceExternal.ports"]),
            service(
                metadata(s, format!("{}-ext-sv", s.app), annotations),
                load_balancer(s, "serviceExternal", spec)?,
            ),
        ));
    }
    if s.on("serviceInternal.enabled") {
        let mut annotations = serde_json::Map::new();
        annotations.insert(
            "service.beta.kubernetes.io/aws-load-balancer-internal".to_owned(),
            json!("true"),
        );
        if let Some(Value::Object(extra)) = s.get("serviceInternal.annotations").map(to_yaml) {
            annotations.extend(extra);
        }
        let spec = Obj::new().with(
            "ports",
            super::list_or_null(ports(s, "serviceInternal", 20999)?),
        );
        out.push(Draft::new(
            "app/templates/service-internal.yaml",
            paths(&["serviceInternal.enabled", "serviceInternal.ports"]),
            service(
                metadata(
                    s,
                    format!("{}-int-sv", s.app),
                    Some(Value::Object(annotations)),
                ),
                load_balancer(s, "serviceInternal", spec)?,
            ),
        ));
    }
    if s.on("serviceHeadless.enabled") {
        let metadata = Obj::new()
            .with("namespace", s.ctx.namespace.as_str())
            .with("name", format!("{}-headless-sv", s.app))
            .with("labels", s.labels())
            .with(
                "annotations",
                json!({"service.alpha.kubernetes.io/tolerate-unready-endpoints": "true"}),
            );
        let spec = Obj::new()
            .with("clusterIP", "None")
            .with(
                "ports",
                super::list_or_null(ports(s, "serviceHeadless", 80)?),
            )
            .with("selector", s.selector());
        out.push(Draft::new(
            "app/templates/service-headless.yaml",
            paths(&["serviceHeadless.enabled", "serviceHeadless.ports"]),
            service(metadata.into(), spec),
        ));
    }
    if s.on("serviceExternalName.enabled") {
        for (key, value) in sorted_entries(s.get("serviceExternalName.services")) {
            let field = format!("serviceExternalName.services.{key}");
            let metadata = Obj::new()
                .with("namespace", s.ctx.namespace.as_str())
                .with("name", crate::tmpl::scalar(key, &field)?)
                .with("labels", s.labels());
            let spec = Obj::new()
                .with("externalName", plain(value.get("externalName"), &field)?)
                .with("sessionAffinity", "None")
                .with("type", "ExternalName");
            out.push(Draft::new(
                "app/templates/service-external-name.yaml",
                vec![vec![
                    "serviceExternalName".to_owned(),
                    "services".to_owned(),
                    key.clone(),
                ]],
                service(metadata.into(), spec),
            ));
        }
    }
    Ok(())
}
