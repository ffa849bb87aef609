//! `ingress.yaml`: Ingress `{app}-ingress` (`networking.k8s.io/v1`).

use gg_k8app::Feature;
use serde_json::{Value, json};

use super::{Draft, Obj, Tpl, list_or_null, paths};
use crate::error::RenderError;
use crate::gotmpl::{self, default, truthy};

/// `range $key, $value := <locations>`: one path per location.
fn paths_of(
    t: &Tpl<'_>,
    locations: Option<&Value>,
    expr: &str,
    service: &Value,
) -> Result<Value, RenderError> {
    let (prefix, eighty) = (json!("Prefix"), json!(80));
    let mut out = Vec::new();
    for (key, location) in t.range(locations, expr)? {
        let location = Some(location);
        let kind = default(
            t.at(location, "pathType", "$value.pathType")?,
            Some(&prefix),
        );
        let name = default(
            t.at(location, "serviceName", "$value.serviceName")?,
            Some(service),
        );
        let port = default(
            t.at(location, "servicePort", "$value.servicePort")?,
            Some(&eighty),
        );
        out.push(json!({
            "path": t.value(&key.text),
            "pathType": t.plain(kind),
            "backend": {"service": {"name": t.plain(name), "port": {"number": t.plain(port)}}}
        }));
    }
    Ok(list_or_null(out))
}

fn annotations(t: &Tpl<'_>) -> Result<Option<Value>, RenderError> {
    let aliases = t.on("ingress.aliases")?;
    let user = t.on("ingress.annotations")?;
    let mut obj = Obj::new();
    if t.has(Feature::SyncWaves) {
        obj = obj.with("argocd.argoproj.io/sync-wave", "1");
    } else if !(aliases || user) {
        return Ok(None);
    }
    if aliases {
        obj = obj.with(
            "nginx.ingress.kubernetes.io/server-alias",
            t.quote(t.val("ingress.aliases")?),
        );
    }
    if user {
        // `{{ toYaml .Values.ingress.annotations | indent 4 }}` on its own line.
        match t.val("ingress.annotations")? {
            map @ Some(Value::Object(_)) => obj = obj.extend(map),
            other if !aliases && !t.has(Feature::SyncWaves) => {
                return Ok(Some(gotmpl::to_yaml(other)));
            }
            _ => t.breaks(
                "`ingress.annotations` is not a map: its YAML lands inside the annotations mapping",
            ),
        }
    }
    Ok(Some(obj.into()))
}

fn tls(t: &Tpl<'_>) -> Result<Value, RenderError> {
    let mut hosts = Vec::new();
    if t.on("ingress.extraHosts")? {
        for (host, _) in t.range(t.val("ingress.extraHosts")?, ".Values.ingress.extraHosts")? {
            hosts.push(t.item(&host.text));
        }
    }
    if t.on("ingress.aliases")? {
        let aliases = t.string(t.val("ingress.aliases")?, ".Values.ingress.aliases")?;
        // Sprig's `split` gives a map `_0`, `_1`, …; `range` walks it by key.
        let mut parts: Vec<(String, &str)> = aliases
            .split(',')
            .enumerate()
            .map(|(i, part)| (format!("_{i}"), part))
            .collect();
        gg_sort::sort(&mut parts);
        hosts.extend(parts.into_iter().map(|(_, part)| t.item(part)));
    }
    let fqdn = t.val("ingress.fqdn")?;
    let mut secret = None;
    if truthy(fqdn) {
        hosts.push(t.item(&gotmpl::print(fqdn)));
        let text = t.string(fqdn, ".")?;
        secret = Some(t.value(&text.replace('.', "-")));
    }
    let tls = Obj::new()
        .with("hosts", list_or_null(hosts))
        .with_opt("secretName", secret);
    Ok(json!([Value::from(tls)]))
}

/// `ingress.yaml`.
pub(crate) fn render(t: &Tpl<'_>, out: &mut Vec<Draft>) -> Result<(), RenderError> {
    if !t.on("ingress.enabled")? {
        return Ok(());
    }
    let app = t.app()?;
    let service = json!(format!("{app}-sv"));
    let metadata = Obj::new()
        .with("namespace", t.value(t.namespace()))
        .with("name", t.value(&format!("{app}-ingress")))
        .with("labels", t.labels()?)
        .with_opt("annotations", annotations(t)?);
    let mut spec = Obj::new();
    if t.on("ingress.className")? {
        let nginx = json!("nginx");
        spec = spec.with(
            "ingressClassName",
            t.plain(default(t.val("ingress.className")?, Some(&nginx))),
        );
    }
    let mut rules = Vec::new();
    if t.on("ingress.fqdn")? {
        let locations = t.val("ingress.locations")?;
        rules.push(json!({
            "host": t.plain(t.val("ingress.fqdn")?),
            "http": {"paths": paths_of(t, locations, ".Values.ingress.locations", &service)?}
        }));
    }
    if t.on("ingress.extraHosts")? {
        for (host, value) in t.range(t.val("ingress.extraHosts")?, ".Values.ingress.extraHosts")? {
            let locations = t.at(Some(value), "locations", "$value.locations")?;
            rules.push(json!({
                "host": t.value(&host.text),
                "http": {"paths": paths_of(t, locations, "$value.locations", &service)?}
            }));
        }
    }
    spec = spec.with("rules", list_or_null(rules));
    if t.on("ingress.tls")? {
        spec = spec.with("tls", tls(t)?);
    }
    let object = Obj::new()
        .with("apiVersion", "networking.k8s.io/v1")
        .with("kind", "Ingress")
        .with("metadata", metadata)
        .with("spec", spec);
    out.push(Draft::new(
        t.path,
        paths(&["ingress.enabled", "ingress.fqdn", "ingress.locations"]),
        object.into(),
    ));
    Ok(())
}
