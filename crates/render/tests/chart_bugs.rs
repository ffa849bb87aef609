//! The chart bugs the renderer reproduces (Helm renders them, so do we) are
//! also marked as problems of the objects they affect, for `render` to show.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use gg_k8app::ChartVersion;
use gg_render::{RenderContext, RenderedObject, ValuesFile, render_values_files};

fn render(version: &str, values: &str) -> Vec<RenderedObject> {
    let ctx = RenderContext::new(
        "svc",
        "dev",
        "ns-dev",
        ChartVersion::parse(version).unwrap(),
    );
    let files = [ValuesFile {
        name: "default.yaml",
        text: values,
    }];
    render_values_files(&files, &ctx).unwrap()
}

fn problems(objects: &[RenderedObject], kind: &str) -> String {
    objects
        .iter()
        .filter(|o| o.kind == kind)
        .flat_map(|o| {
            o.problems
                .iter()
                .map(|p| format!("[{}] {}", p.rule.map_or("", |r| r.id.as_str()), p.message))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_sidecar_without_readiness_probe_mounts_nothing() {
    let values = "appName: web\nextensions:\n  agent:\n    image: {repository: a, tag: '1'}\n    configfiles: {mountPath: /etc/a, data: {a: b}}\n";
    let objects = render("3.8.0", values);
    let deployment = objects.iter().find(|o| o.kind == "Deployment").unwrap();
    let sidecar = &deployment.object["spec"]["template"]["spec"]["containers"][1];
    assert!(sidecar.get("volumeMounts").is_none(), "{sidecar}");
    assert!(problems(&objects, "Deployment").contains("`web-agent` mounts nothing"));
    let with_probe = values.replace(
        "    configfiles:",
        "    readinessProbe: {tcpSocket: {port: 1}}\n    configfiles:",
    );
    assert!(!problems(&render("3.8.0", &with_probe), "Deployment").contains("mounts nothing"));
}

#[test]
fn releases_before_3_5_1_lose_the_init_container() {
    let values = "appName: web\ninitContainers: {command: [sh]}\n";
    let old = render("3.5.0", values);
    let pod =
        &old.iter().find(|o| o.kind == "Deployment").unwrap().object["spec"]["template"]["spec"];
    assert!(pod.get("volumes:initContainers").is_some(), "{pod}");
    assert!(problems(&old, "Deployment").contains("glues `initContainers:`"));
    let fixed = render("3.5.1", values);
    let pod = &fixed
        .iter()
        .find(|o| o.kind == "Deployment")
        .unwrap()
        .object["spec"]["template"]["spec"];
    assert!(pod.get("initContainers").is_some(), "{pod}");
}

#[test]
fn workloads_that_miss_their_vault_secrets_say_so() {
    let values = "appName: web\nsecrets: {A: /x/dev/config}\nsecretsProvider: {provider: vault}\n\
                  worker: {enabled: true, spec: {w: {}}}\njob: {enabled: true, spec: {j: {}}}\n";
    let v38 = render("3.8.0", values);
    assert!(problems(&v38, "Deployment").contains("CSI secrets volume"));
    let v39 = render("3.9.0", values);
    assert!(problems(&v39, "Job").contains("no longer write"));
    assert!(!problems(&v39, "Deployment").contains("CSI"));
    assert!(problems(&render("3.10.5", values), "Job").is_empty());
}

#[test]
fn removed_api_versions_are_problems() {
    let pdb = "appName: web\npdb: {enabled: true}\n";
    assert!(problems(&render("3.12.1", pdb), "PodDisruptionBudget").contains("1.25"));
    assert!(
        problems(
            &render("3.13.0", &format!("{pdb}service: {{type: ClusterIP}}\n")),
            "PodDisruptionBudget"
        )
        .is_empty()
    );
    let rbac = "appName: web\nrbac: {create: true, resources: [pods]}\n";
    assert!(problems(&render("3.8.0", rbac), "ClusterRole").contains("1.22"));
}
