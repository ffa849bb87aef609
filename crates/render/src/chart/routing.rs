//! `httproute.yaml` (3.6.0+): a Gateway API HTTPRoute, from `httpRoute`
//! up to 3.10.9 and from `gateway` since 3.11.0 (a simple mode: hostname,
//! path and backend, with `parentRef` defaults). 3.11.1 writes the refs'
//! `group`, `kind` and `weight` explicitly.

use gg_k8app::Feature;
use serde_json::{Value, json};

use super::{Draft, Obj, Tpl, list_or_null, paths};
use crate::error::RenderError;
use crate::gotmpl::{self, default, truthy};

/// `$servicePort`: the `externalPort` (default 80) of the last port in
/// key order (3.11.0+ only when `service.ports` is set).
fn service_port<'a>(t: &Tpl<'a>) -> Result<&'a Value, RenderError> {
    let mut port = t.keep(json!(80));
    if t.has(Feature::Gateway) && !(t.on("service")? && t.on("service.ports")?) {
        return Ok(port);
    }
    for (_, entry) in t.range(t.val("service.ports")?, ".Values.service.ports")? {
        let external = t.at(Some(entry), "externalPort", "$port.externalPort")?;
        port = default(external, Some(t.keep(json!(80)))).unwrap_or(port);
    }
    Ok(port)
}

fn explicit_refs(t: &Tpl<'_>) -> bool {
    t.has(Feature::ExplicitRouteRefs)
}

fn parent_refs(t: &Tpl<'_>, section: &str) -> Result<Option<Value>, RenderError> {
    let chain = format!("{section}.parentRefs");
    if t.on(&chain)? {
        let mut refs = Vec::new();
        for (_, item) in t.range(t.val(&chain)?, &format!(".Values.{chain}"))? {
            let item = Some(item);
            let mut obj = Obj::new();
            if explicit_refs(t) {
                obj = obj
                    .with("group", "gateway.networking.k8s.io")
                    .with("kind", "Gateway");
            }
            obj = obj.with("name", t.plain(t.at(item, "name", ".name")?));
            for key in ["namespace", "sectionName"] {
                let value = t.at(item, key, &format!(".{key}"))?;
                if truthy(value) {
                    obj = obj.with(key, t.plain(value));
                }
            }
            refs.push(obj.into());
        }
        return Ok(Some(list_or_null(refs)));
    }
    if !t.has(Feature::Gateway) {
        return Ok(None);
    }
    let (gateway, app_section) = (json!("gateway"), json!("http-app"));
    let namespace = json!(t.namespace());
    let mut obj = Obj::new();
    if explicit_refs(t) {
        obj = obj
            .with("group", "gateway.networking.k8s.io")
            .with("kind", "Gateway");
    }
    let obj = obj
        .with(
            "name",
            t.plain(default(t.val("gateway.parentRef.name")?, Some(&gateway))),
        )
        .with(
            "namespace",
            t.plain(default(
                t.val("gateway.parentRef.namespace")?,
                Some(&namespace),
            )),
        )
        .with(
            "sectionName",
            t.plain(default(
                t.val("gateway.parentRef.sectionName")?,
                Some(&app_section),
            )),
        );
    Ok(Some(json!([Value::from(obj)])))
}

fn hostnames(t: &Tpl<'_>, section: &str) -> Result<Option<Value>, RenderError> {
    let chain = format!("{section}.hostnames");
    let single = t.has(Feature::Gateway) && t.on("gateway.hostname")?;
    if !(single || t.on(&chain)?) {
        return Ok(None);
    }
    let mut names = Vec::new();
    if single {
        names.push(t.quote(t.val("gateway.hostname")?));
    }
    for (_, name) in t.range(t.val(&chain)?, &format!(".Values.{chain}"))? {
        names.push(t.quote(Some(name)));
    }
    Ok(Some(list_or_null(names)))
}

/// One backend ref in the template's form for the release.
fn backend(
    t: &Tpl<'_>,
    name: Value,
    port: Value,
    weight: Option<Value>,
    namespace: Option<Value>,
) -> Value {
    let mut obj = Obj::new();
    if explicit_refs(t) {
        obj = obj.with("group", "").with("kind", "Service");
    }
    let obj = obj.with("name", name).with("port", port);
    let obj = if explicit_refs(t) {
        obj.with("weight", weight.unwrap_or_else(|| json!(1)))
            .with_opt("namespace", namespace)
    } else {
        obj.with_opt("namespace", namespace)
            .with_opt("weight", weight)
    };
    obj.into()
}

fn matches(t: &Tpl<'_>, rule: Option<&Value>) -> Result<Value, RenderError> {
    let mut out = Vec::new();
    for (_, item) in t.range(t.at(rule, "matches", ".matches")?, ".matches")? {
        let item = Some(item);
        let mut obj = Obj::new();
        if truthy(t.at(item, "path", ".path")?) {
            let prefix = json!("PathPrefix");
            let kind = default(t.at(item, "path.type", ".path.type")?, Some(&prefix));
            obj = obj.with(
                "path",
                json!({"type": t.plain(kind), "value": t.quote(t.at(item, "path.value", ".path.value")?)}),
            );
        }
        let headers = t.at(item, "headers", ".headers")?;
        if truthy(headers) {
            let mut list = Vec::new();
            for (_, header) in t.range(headers, ".headers")? {
                let header = Some(header);
                let kind = t.at(header, "type", ".type")?;
                list.push(
                    Obj::new()
                        .with("name", t.plain(t.at(header, "name", ".name")?))
                        .with("value", t.quote(t.at(header, "value", ".value")?))
                        .with_opt("type", truthy(kind).then(|| t.plain(kind)))
                        .into(),
                );
            }
            obj = obj.with("headers", list_or_null(list));
        }
        let method = t.at(item, "method", ".method")?;
        if truthy(method) {
            obj = obj.with("method", t.plain(method));
        }
        let obj: Value = obj.into();
        out.push(if obj.as_object().is_some_and(serde_json::Map::is_empty) {
            Value::Null
        } else {
            obj
        });
    }
    Ok(list_or_null(out))
}

fn rules(t: &Tpl<'_>, section: &str, app: &str, port: &Value) -> Result<Value, RenderError> {
    let chain = format!("{section}.rules");
    let service = json!(format!("{app}-sv"));
    if !t.on(&chain)? {
        let (kind, value, name, backend_port) = if t.has(Feature::Gateway) {
            let (prefix, root) = (json!("PathPrefix"), json!("/"));
            let kind = t.plain(default(t.val("gateway.pathType")?, Some(&prefix)));
            let value = t.quote(default(t.val("gateway.path")?, Some(&root)));
            let name = t.plain(default(t.val("gateway.backend.service")?, Some(&service)));
            let backend_port = t.plain(default(t.val("gateway.backend.port")?, Some(port)));
            (kind, value, name, backend_port)
        } else {
            (
                json!("PathPrefix"),
                json!("/"),
                t.value(&format!("{app}-sv")),
                t.plain(Some(port)),
            )
        };
        return Ok(json!([{
            "matches": [{"path": {"type": kind, "value": value}}],
            "backendRefs": [backend(t, name, backend_port, None, None)],
        }]));
    }
    let mut out = Vec::new();
    for (_, rule) in t.range(t.val(&chain)?, &format!(".Values.{chain}"))? {
        let rule = Some(rule);
        let mut obj = Obj::new();
        if truthy(t.at(rule, "matches", ".matches")?) {
            obj = obj.with("matches", matches(t, rule)?);
        }
        let refs = t.at(rule, "backendRefs", ".backendRefs")?;
        let backends = if truthy(refs) {
            let mut list = Vec::new();
            for (_, item) in t.range(refs, ".backendRefs")? {
                let item = Some(item);
                let name = t.plain(default(t.at(item, "name", ".name")?, Some(&service)));
                let backend_port = t.plain(default(t.at(item, "port", ".port")?, Some(port)));
                let weight = t.at(item, "weight", ".weight")?;
                let weight = if explicit_refs(t) {
                    let one = json!(1);
                    Some(t.plain(default(weight, Some(&one))))
                } else {
                    truthy(weight).then(|| t.plain(weight))
                };
                let namespace = t.at(item, "namespace", ".namespace")?;
                let namespace = truthy(namespace).then(|| t.plain(namespace));
                list.push(backend(t, name, backend_port, weight, namespace));
            }
            list_or_null(list)
        } else {
            json!([backend(
                t,
                t.value(&format!("{app}-sv")),
                t.plain(Some(port)),
                None,
                None
            )])
        };
        obj = obj.with("backendRefs", backends);
        let filters = t.at(rule, "filters", ".filters")?;
        if truthy(filters) {
            obj = obj.with("filters", gotmpl::to_yaml(filters));
        }
        out.push(obj.into());
    }
    Ok(list_or_null(out))
}

/// `httproute.yaml`.
pub(crate) fn render(t: &Tpl<'_>, out: &mut Vec<Draft>) -> Result<(), RenderError> {
    let section = if t.has(Feature::Gateway) {
        "gateway"
    } else {
        "httpRoute"
    };
    if !(t.on(section)? && t.on(&format!("{section}.enabled"))?) {
        return Ok(());
    }
    let app = t.app()?;
    let port = service_port(t)?;
    let mut metadata = Obj::new()
        .with("name", t.value(app))
        .with("namespace", t.value(t.namespace()))
        .with("labels", t.labels()?);
    let annotations_chain = format!("{section}.annotations");
    let user = t.val(&annotations_chain)?;
    if t.has(Feature::SyncWaves) {
        let mut annotations = Obj::new().with("argocd.argoproj.io/sync-wave", "1");
        if truthy(user) {
            match user {
                Some(Value::Object(_)) => annotations = annotations.extend(user),
                _ => t.breaks(format!("`{annotations_chain}` is not a map: its YAML lands inside the annotations mapping")),
            }
        }
        metadata = metadata.with("annotations", annotations);
    } else if truthy(user) {
        metadata = metadata.with("annotations", gotmpl::to_yaml(user));
    }
    let spec = Obj::new()
        .with_opt("parentRefs", parent_refs(t, section)?)
        .with_opt("hostnames", hostnames(t, section)?)
        .with("rules", rules(t, section, app, port)?);
    let object = Obj::new()
        .with("apiVersion", "gateway.networking.k8s.io/v1")
        .with("kind", "HTTPRoute")
        .with("metadata", metadata)
        .with("spec", spec);
    out.push(Draft::new(
        t.path,
        paths(&[
            &format!("{section}.enabled"),
            &format!("{section}.parentRefs"),
            &format!("{section}.hostnames"),
            &format!("{section}.rules"),
            "service.ports",
        ]),
        object.into(),
    ));
    Ok(())
}
