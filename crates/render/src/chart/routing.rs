//! `httproute.yaml` (3.6.0+) and `ingress.yaml`.

use gg_k8app::Feature;
use serde_json::{Value, json};

use super::{Draft, Obj, Scope, paths};
use crate::error::RenderError;
use crate::tmpl::{default, items, plain, quote, sorted_entries, to_yaml, truthy};

/// `$servicePort`: the `externalPort` (default 80) of the last port in sorted
/// key order, 80 without ports.
pub(crate) fn service_port(s: &Scope<'_>) -> Value {
    sorted_entries(s.get("service.ports"))
        .last()
        .map_or(json!(80), |(_, port)| {
            default(port.get("externalPort"), &json!(80)).clone()
        })
}

fn with_opt(obj: Obj, item: &Value, key: &str, field: &str) -> Result<Obj, RenderError> {
    let value = item.get(key);
    Ok(obj.with_opt(key, truthy(value).then(|| plain(value, field)).transpose()?))
}

fn route_match(m: &Value) -> Result<Value, RenderError> {
    if !truthy(Some(m)) {
        return Ok(Value::Null);
    }
    let mut obj = Obj::new();
    if let Some(path) = m.get("path").filter(|p| truthy(Some(p))) {
        obj = obj.with(
            "path",
            Obj::new()
                .with(
                    "type",
                    plain(
                        Some(default(path.get("type"), &json!("PathPrefix"))),
                        "httpRoute.rules.matches.path.type",
                    )?,
                )
                .with("value", quote(path.get("value"))),
        );
    }
    if truthy(m.get("headers")) {
        let headers = items(m.get("headers"))
            .iter()
            .map(|h| {
                let obj = Obj::new()
                    .with(
                        "name",
                        plain(h.get("name"), "httpRoute.rules.matches.headers.name")?,
                    )
                    .with("value", quote(h.get("value")));
                Ok(with_opt(obj, h, "type", "httpRoute.rules.matches.headers.type")?.into())
            })
            .collect::<Result<Vec<Value>, RenderError>>()?;
        obj = obj.with("headers", headers);
    }
    let obj = with_opt(obj, m, "method", "httpRoute.rules.matches.method")?;
    let value: Value = obj.into();
    Ok(
        if value.as_object().is_some_and(serde_json::Map::is_empty) {
            Value::Null
        } else {
            value
        },
    )
}

fn rule(s: &Scope<'_>, rule: &Value, port: &Value) -> Result<Value, RenderError> {
    let default_backend = json!(format!("{}-sv", s.app));
    let mut obj = Obj::new();
    if truthy(rule.get("matches")) {
        let matches = items(rule.get("matches"))
            .iter()
            .map(route_match)
            .collect::<Result<Vec<_>, _>>()?;
        obj = obj.with("matches", matches);
    }
    let backends = if truthy(rule.get("backendRefs")) {
        items(rule.get("backendRefs"))
            .iter()
            .map(|b| {
                let obj = Obj::new()
                    .with(
                        "name",
                        plain(
                            Some(default(b.get("name"), &default_backend)),
                            "httpRoute.rules.backendRefs.name",
                        )?,
                    )
                    .with(
                        "port",
                        plain(
                            Some(default(b.get("port"), port)),
                            "httpRoute.rules.backendRefs.port",
                        )?,
                    );
                let obj = with_opt(obj, b, "namespace", "httpRoute.rules.backendRefs.namespace")?;
                Ok(with_opt(obj, b, "weight", "httpRoute.rules.backendRefs.weight")?.into())
            })
            .collect::<Result<Vec<Value>, RenderError>>()?
    } else {
        vec![json!({"name": default_backend, "port": plain(Some(port), "service.ports")?})]
    };
    Ok(obj
        .with("backendRefs", backends)
        .with_if(truthy(rule.get("filters")), "filters", || {
            rule.get("filters").map_or(Value::Null, to_yaml)
        })
        .into())
}

fn http_route(s: &Scope<'_>) -> Result<Value, RenderError> {
    let port = service_port(s);
    let mut spec = Obj::new();
    if s.on("httpRoute.parentRefs") {
        let refs = items(s.get("httpRoute.parentRefs"))
            .iter()
            .map(|r| {
                let obj =
                    Obj::new().with("name", plain(r.get("name"), "httpRoute.parentRefs.name")?);
                let obj = with_opt(obj, r, "namespace", "httpRoute.parentRefs.namespace")?;
                Ok(with_opt(obj, r, "sectionName", "httpRoute.parentRefs.sectionName")?.into())
            })
            .collect::<Result<Vec<Value>, RenderError>>()?;
        spec = spec.with("parentRefs", refs);
    }
    if s.on("httpRoute.hostnames") {
        let hostnames: Vec<Value> = items(s.get("httpRoute.hostnames"))
            .iter()
            .map(|h| quote(Some(h)))
            .collect();
        spec = spec.with("hostnames", hostnames);
    }
    let rules = if s.on("httpRoute.rules") {
        items(s.get("httpRoute.rules"))
            .iter()
            .map(|r| rule(s, r, &port))
            .collect::<Result<Vec<_>, _>>()?
    } else {
        vec![json!({
            "matches": [{"path": {"type": "PathPrefix", "value": "/"}}],
            "backendRefs": [{"name": format!("{}-sv", s.app), "port": plain(Some(&port), "service.ports")?}]
        })]
    };
    let spec = spec.with("rules", rules);
    Ok(Obj::new()
        .with("apiVersion", "gateway.networking.k8s.io/v1")
        .with("kind", "HTTPRoute")
        .with(
            "metadata",
            Obj::new()
                .with("name", s.app.as_str())
                .with("namespace", s.ctx.namespace.as_str())
                .with("labels", s.labels())
                .with_if(s.on("httpRoute.annotations"), "annotations", || {
                    s.get("httpRoute.annotations").map_or(Value::Null, to_yaml)
                }),
        )
        .with("spec", spec)
        .into())
}

/// Renders the HTTPRoute (3.6.0+).
pub(crate) fn render(s: &Scope<'_>, out: &mut Vec<Draft>) -> Result<(), RenderError> {
    if s.has(Feature::HttpRoute) && s.on("httpRoute") && s.on("httpRoute.enabled") {
        out.push(Draft::new(
            "app/templates/httproute.yaml",
            paths(&[
                "httpRoute.enabled",
                "httpRoute.parentRefs",
                "httpRoute.hostnames",
                "httpRoute.rules",
                "service.ports",
            ]),
            http_route(s)?,
        ));
    }
    Ok(())
}
