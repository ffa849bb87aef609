//! Generated values: random combinations of every top-level feature of the
//! chart (each with realistic and odd settings), written as a platform
//! defaults file, a `default.yaml` and an overlay that nulls keys, empties
//! maps, writes numbers as strings and replaces lists by maps.

use proptest::prelude::*;
use proptest::strategy::{BoxedStrategy, ValueTree};
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use serde_json::{Map, Value, json};

use super::case::{Case, ValuesText};
use super::harness::number_from_env;

/// The seed of the generated cases: `GG_AGREEMENT_SEED` (a number), else a
/// fixed one, so a run is repeatable and a failure reproducible.
pub(crate) fn seed() -> u64 {
    number_from_env("GG_AGREEMENT_SEED", 0x6b38_6170_7031)
}

/// `count` generated cases from `seed`.
pub(crate) fn cases(seed: u64, count: usize) -> Vec<Case> {
    let mut bytes = [0u8; 32];
    for (i, chunk) in bytes.chunks_mut(8).enumerate() {
        let word = seed.rotate_left(u32::try_from(i * 16).unwrap_or(0)) ^ (i as u64);
        chunk.copy_from_slice(&word.to_le_bytes());
    }
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &bytes);
    let mut runner = TestRunner::new_with_rng(Config::default(), rng);
    let strategy = files();
    (0..count)
        .map(|index| {
            let tree = strategy
                .new_tree(&mut runner)
                .unwrap_or_else(|e| panic!("generating values: {e}"));
            Case::new(format!("generated #{index} (seed {seed})"), tree.current())
        })
        .collect()
}

/// The values files of one case.
pub(crate) fn files() -> BoxedStrategy<Vec<ValuesText>> {
    (
        prop::option::weighted(0.5, platform_defaults()),
        service_defaults(),
        prop::option::weighted(0.8, overlay()),
    )
        .prop_map(|(platform, default, overlay)| {
            let mut files = Vec::new();
            if let Some(platform) = platform {
                files.push(text("k8app-defaults.yaml", &platform));
            }
            files.push(text("default.yaml", &default));
            if let Some(overlay) = overlay {
                files.push(text("dev.yaml", &overlay));
            }
            files
        })
        .boxed()
}

fn text(name: &str, value: &Value) -> ValuesText {
    ValuesText {
        name: name.to_owned(),
        text: gg_render::to_yaml(value),
    }
}

// ----- building blocks ------------------------------------------------------

/// A fixed value as a strategy.
trait Fixed {
    fn into_strategy(self) -> BoxedStrategy<Value>;
}

impl Fixed for Value {
    fn into_strategy(self) -> BoxedStrategy<Value> {
        Just(self).boxed()
    }
}

fn pick(items: &[Value]) -> BoxedStrategy<Value> {
    prop::sample::select(items.to_vec()).boxed()
}

/// One of `usual`, or now and then one of `odd` (values that make Helm fail
/// or print something surprising).
fn mostly(usual: &[Value], odd: &[Value]) -> BoxedStrategy<Value> {
    prop_oneof![14 => pick(usual), 1 => pick(odd)].boxed()
}

/// As [`mostly`], with the odd values rarer (for values many templates read).
fn rarely_odd(usual: &[Value], odd: &[Value]) -> BoxedStrategy<Value> {
    prop_oneof![40 => pick(usual), 1 => pick(odd)].boxed()
}

/// An object whose fields are each present with their probability.
fn object(fields: Vec<(&'static str, f64, BoxedStrategy<Value>)>) -> BoxedStrategy<Value> {
    let keys: Vec<&'static str> = fields.iter().map(|(k, _, _)| *k).collect();
    let values: Vec<BoxedStrategy<Option<Value>>> = fields
        .into_iter()
        .map(|(_, p, s)| prop::option::weighted(p, s).boxed())
        .collect();
    values
        .prop_map(move |values| {
            Value::Object(
                keys.iter()
                    .zip(values)
                    .filter_map(|(k, v)| Some(((*k).to_owned(), v?)))
                    .collect(),
            )
        })
        .boxed()
}

/// A map of 0..=max entries with generated keys.
fn map_of(
    keys: BoxedStrategy<String>,
    values: BoxedStrategy<Value>,
    max: usize,
) -> BoxedStrategy<Value> {
    prop::collection::btree_map(keys, values, 0..=max)
        .prop_map(|m| Value::Object(m.into_iter().collect::<Map<_, _>>()))
        .boxed()
}

fn list_of(items: BoxedStrategy<Value>, max: usize) -> BoxedStrategy<Value> {
    prop::collection::vec(items, 0..=max)
        .prop_map(Value::Array)
        .boxed()
}

fn name() -> BoxedStrategy<String> {
    prop::sample::select(vec![
        "a", "web", "api-gw", "x1", "svc", "metrics", "http", "grpc", "b-2",
    ])
    .prop_map(str::to_owned)
    .boxed()
}

fn env_name() -> BoxedStrategy<String> {
    prop::sample::select(vec![
        "DB_PASSWORD",
        "API_KEY",
        "TOKEN",
        "lower_case",
        "X1",
        "A",
    ])
    .prop_map(str::to_owned)
    .boxed()
}

fn word() -> BoxedStrategy<Value> {
    pick(&[
        json!("a"),
        json!("web"),
        json!("x-1"),
        json!("Ab_c"),
        json!("v1.2.3"),
    ])
}

/// Scalars of every kind, including the ones YAML or Go print oddly.
fn scalar() -> BoxedStrategy<Value> {
    pick(&[
        json!("a"),
        json!("two words"),
        json!(""),
        json!("8080"),
        json!("1.0"),
        json!("true"),
        json!("{env}"),
        json!("/path/{env}/x"),
        json!(8080),
        json!(0),
        json!(1.5),
        json!(2150123),
        json!(true),
        json!(false),
        Value::Null,
    ])
}

fn boolish() -> BoxedStrategy<Value> {
    mostly(
        &[
            json!(true),
            json!(true),
            json!(false),
            json!("true"),
            json!(1),
        ],
        &[json!(0), Value::Null, json!("no")],
    )
}

fn port() -> BoxedStrategy<Value> {
    mostly(
        &[json!(80), json!(8080), json!(9090), json!("8080")],
        &[json!("http"), json!(0), Value::Null],
    )
}

fn seconds() -> BoxedStrategy<Value> {
    mostly(&[json!(1), json!(10), json!("5")], &[json!(0), Value::Null])
}

fn tag() -> BoxedStrategy<Value> {
    rarely_odd(
        &[
            json!("v1.2.3"),
            json!("latest"),
            json!("2dc1a231"),
            json!("1234"),
            json!("v2.0.1"),
            json!("release-2024-01-01-build-1234567890-abcdefabcdefabcdefabcdefabcdefabcdef-long"),
        ],
        &[json!(1234), json!(1.5)],
    )
}

fn list_of_words() -> BoxedStrategy<Value> {
    list_of(
        pick(&[
            json!("run"),
            json!("--port=8080"),
            json!(8080),
            json!("a b"),
            json!("-v"),
        ]),
        3,
    )
}

// ----- features -------------------------------------------------------------

fn image() -> BoxedStrategy<Value> {
    object(vec![
        (
            "repository",
            0.8,
            pick(&[
                json!("registry.example/team/app"),
                json!("nginx"),
                json!("r"),
            ]),
        ),
        ("tag", 0.8, tag()),
        (
            "pullPolicy",
            0.3,
            pick(&[json!("IfNotPresent"), json!("Always"), json!("")]),
        ),
    ])
}

fn probe() -> BoxedStrategy<Value> {
    object(vec![
        ("enabled", 0.9, boolish()),
        (
            "mode",
            0.8,
            pick(&[
                json!("httpGet"),
                json!("tcpSocket"),
                json!("execCommand"),
                json!("grpc"),
                json!("other"),
            ]),
        ),
        (
            "httpGet",
            0.5,
            object(vec![
                ("path", 0.7, pick(&[json!("/health"), json!("/")])),
                ("port", 0.7, port()),
            ]),
        ),
        ("tcpSocket", 0.5, object(vec![("port", 0.8, port())])),
        (
            "execCommand",
            0.6,
            object(vec![("command", 0.95, list_of_words())]),
        ),
        ("grpc", 0.5, object(vec![("port", 0.8, port())])),
        ("failureThreshold", 0.3, seconds()),
        ("initialDelaySeconds", 0.3, seconds()),
        ("periodSeconds", 0.3, seconds()),
        ("successThreshold", 0.2, seconds()),
        ("timeoutSeconds", 0.3, seconds()),
    ])
}

fn ports() -> BoxedStrategy<Value> {
    map_of(
        name(),
        object(vec![
            ("externalPort", 0.8, port()),
            ("internalPort", 0.8, port()),
            ("protocol", 0.6, pick(&[json!("TCP"), json!("UDP")])),
        ]),
        3,
    )
}

fn service(extra: Vec<(&'static str, f64, BoxedStrategy<Value>)>) -> BoxedStrategy<Value> {
    let mut fields = vec![
        ("enabled", 0.9, boolish()),
        ("ports", 0.8, ports()),
        ("annotations", 0.2, map_of(name(), scalar(), 2)),
        (
            "type",
            0.6,
            pick(&[
                json!("ClusterIP"),
                json!("ClusterIP"),
                json!("ClusterIP"),
                json!("NodePort"),
                json!("LoadBalancer"),
            ]),
        ),
    ];
    fields.extend(extra);
    object(fields)
}

fn load_balancer() -> Vec<(&'static str, f64, BoxedStrategy<Value>)> {
    vec![
        ("loadBalancerIP", 0.3, pick(&[json!("10.0.0.1"), json!("")])),
        (
            "loadBalancerSourceRanges",
            0.3,
            list_of(pick(&[json!("10.0.0.0/8"), json!("0.0.0.0/0")]), 2),
        ),
    ]
}

fn secrets() -> BoxedStrategy<Value> {
    map_of(
        env_name(),
        pick(&[
            json!("/acme/svc/dev/config"),
            json!("acme/svc/{env}/config"),
            json!("/acme/shared/{env}/db"),
            json!("relative/path"),
            json!("//double"),
            json!(""),
        ]),
        4,
    )
}

fn secrets_provider() -> BoxedStrategy<Value> {
    object(vec![
        (
            "provider",
            0.9,
            pick(&[
                json!("vault"),
                json!("vault"),
                json!("aws"),
                json!("none"),
                json!("other"),
            ]),
        ),
        (
            "vault",
            0.4,
            object(vec![
                (
                    "authRef",
                    0.5,
                    pick(&[json!("vault-auth"), json!("other-auth"), json!("")]),
                ),
                ("mount", 0.3, pick(&[json!("secret"), json!("kv")])),
                ("type", 0.3, pick(&[json!("kv-v2"), json!("kv-v1")])),
                (
                    "refreshAfter",
                    0.4,
                    pick(&[json!("1h"), json!("30s"), json!(60)]),
                ),
            ]),
        ),
        (
            "aws",
            0.2,
            object(vec![("provider", 0.8, pick(&[json!("aws"), json!("")]))]),
        ),
    ])
}

fn configfiles() -> BoxedStrategy<Value> {
    object(vec![
        (
            "mountPath",
            0.8,
            pick(&[json!("/etc/app"), json!("/config")]),
        ),
        (
            "data",
            0.8,
            map_of(
                pick(&[json!("app.yaml"), json!("a.conf"), json!("b.txt")])
                    .prop_map(|v| v.as_str().unwrap_or("f").to_owned())
                    .boxed(),
                pick(&[
                    json!("key: value\nother: 1\n"),
                    json!("plain text"),
                    json!("release {{ .Release.Name }} in {{ .Release.Namespace }}"),
                    json!("app {{ .Values.appName }}"),
                    json!("{{ .Values.image.tag | quote }}"),
                    json!(""),
                ]),
                2,
            ),
        ),
        (
            "files",
            0.3,
            list_of(
                object(vec![
                    ("key", 0.9, pick(&[json!("app.yaml"), json!("a.conf")])),
                    (
                        "path",
                        0.9,
                        pick(&[json!("app.yaml"), json!("conf/a.conf")]),
                    ),
                    ("mountPath", 0.3, pick(&[json!("/etc/other/app.yaml")])),
                ]),
                2,
            ),
        ),
    ])
}

fn shared_volumes() -> BoxedStrategy<Value> {
    map_of(
        name(),
        object(vec![
            (
                "type",
                0.9,
                pick(&[
                    json!("emptyDir"),
                    json!("configMap"),
                    json!("secret"),
                    json!("other"),
                ]),
            ),
            ("medium", 0.3, pick(&[json!("Memory"), json!("")])),
            ("sizeLimit", 0.2, pick(&[json!("1Gi")])),
            ("name", 0.3, word()),
            (
                "mountPath",
                0.7,
                pick(&[json!("/tmp/shared"), json!("/cache")]),
            ),
            ("readOnly", 0.4, boolish()),
        ]),
        2,
    )
}

fn extensions() -> BoxedStrategy<Value> {
    map_of(
        name(),
        object(vec![
            (
                "image",
                0.97,
                object(vec![
                    (
                        "repository",
                        0.8,
                        pick(&[json!("otel"), json!("registry.example")]),
                    ),
                    ("name", 0.4, pick(&[json!("collector")])),
                    ("tag", 0.8, tag()),
                ]),
            ),
            ("command", 0.3, list_of_words()),
            ("args", 0.3, list_of_words()),
            (
                "env",
                0.4,
                map_of(
                    pick(&[json!("log_level"), json!("MODE")])
                        .prop_map(|v| v.as_str().unwrap_or("k").to_owned())
                        .boxed(),
                    scalar(),
                    2,
                ),
            ),
            (
                "lifecycle",
                0.2,
                json!({"preStop": {"exec": {"command": ["sleep", "5"]}}}).into_strategy(),
            ),
            ("livenessProbe", 0.3, probe_sidecar()),
            ("readinessProbe", 0.3, probe_sidecar()),
            ("configfiles", 0.4, configfiles()),
            ("resources", 0.2, resources()),
        ]),
        2,
    )
}

fn probe_sidecar() -> BoxedStrategy<Value> {
    object(vec![
        (
            "httpGet",
            0.4,
            object(vec![
                ("path", 0.5, pick(&[json!("/ready")])),
                ("port", 0.6, port()),
            ]),
        ),
        ("tcpSocket", 0.3, object(vec![("port", 0.8, port())])),
        (
            "execCommand",
            0.2,
            object(vec![("command", 0.9, list_of_words())]),
        ),
        ("grpc", 0.2, object(vec![("port", 0.6, port())])),
        ("periodSeconds", 0.3, seconds()),
    ])
}

fn resources() -> BoxedStrategy<Value> {
    object(vec![
        (
            "requests",
            0.8,
            object(vec![
                ("cpu", 0.8, pick(&[json!("50m"), json!(1), json!("0.5")])),
                ("memory", 0.8, pick(&[json!("64Mi")])),
            ]),
        ),
        (
            "limits",
            0.6,
            object(vec![
                ("cpu", 0.5, pick(&[json!("200m")])),
                ("memory", 0.8, pick(&[json!("256Mi")])),
            ]),
        ),
    ])
}

fn workload_spec(schedule: bool) -> BoxedStrategy<Value> {
    let mut fields = vec![
        ("command", 0.5, list_of_words()),
        ("args", 0.4, list_of_words()),
        ("replicas", 0.3, pick(&[json!(1), json!(0), json!("2")])),
        ("backoffLimit", 0.3, pick(&[json!(3), json!(0)])),
        ("resources", 0.3, resources()),
        ("livenessProbe", 0.1, probe()),
        ("readinessProbe", 0.15, probe()),
        (
            "image",
            0.2,
            object(vec![
                ("repository", 0.6, pick(&[json!("worker/img")])),
                ("tag", 0.6, tag()),
                ("pullPolicy", 0.4, pick(&[json!("IfNotPresent")])),
            ]),
        ),
    ];
    if schedule {
        fields.push(("schedule", 0.6, pick(&[json!("*/5 * * * *"), json!("")])));
    }
    prop::collection::btree_map(name(), object(fields), 1..=3)
        .prop_map(|m| Value::Object(m.into_iter().collect::<Map<_, _>>()))
        .boxed()
}

fn ingress() -> BoxedStrategy<Value> {
    let locations = || {
        map_of(
            pick(&[json!("/"), json!("/api")])
                .prop_map(|v| v.as_str().unwrap_or("/").to_owned())
                .boxed(),
            object(vec![
                ("pathType", 0.4, pick(&[json!("Prefix"), json!("Exact")])),
                ("serviceName", 0.4, word()),
                ("servicePort", 0.4, port()),
            ]),
            2,
        )
    };
    object(vec![
        ("enabled", 0.9, boolish()),
        ("className", 0.3, pick(&[json!("nginx"), json!("")])),
        ("fqdn", 0.7, pick(&[json!("app.example.com"), json!("")])),
        (
            "aliases",
            0.3,
            pick(&[json!("a.example.com,b.example.com"), json!("c.example.com")]),
        ),
        ("annotations", 0.3, map_of(name(), scalar(), 2)),
        ("locations", 0.6, locations()),
        (
            "extraHosts",
            0.3,
            map_of(
                pick(&[json!("x.example.com")])
                    .prop_map(|v| v.as_str().unwrap_or("x").to_owned())
                    .boxed(),
                object(vec![("locations", 0.8, locations())]),
                1,
            ),
        ),
        ("tls", 0.3, boolish()),
        ("vaultCert", 0.2, pick(&[json!("wildcard")])),
    ])
}

fn route_rules() -> BoxedStrategy<Value> {
    list_of(
        object(vec![
            (
                "matches",
                0.7,
                list_of(
                    object(vec![
                        ("path", 0.8, object(vec![("type", 0.4, pick(&[json!("PathPrefix"), json!("Exact")])), ("value", 0.9, pick(&[json!("/api"), json!("/")]))])),
                        ("headers", 0.2, list_of(json!({"name": "X-V", "value": "b"}).into_strategy(), 1)),
                        ("method", 0.2, pick(&[json!("GET")])),
                    ]),
                    2,
                ),
            ),
            (
                "backendRefs",
                0.5,
                list_of(
                    object(vec![
                        ("name", 0.6, word()),
                        ("port", 0.6, port()),
                        ("namespace", 0.2, word()),
                        ("weight", 0.3, pick(&[json!(50), json!(0)])),
                    ]),
                    2,
                ),
            ),
            ("filters", 0.2, json!([{"type": "URLRewrite", "urlRewrite": {"path": {"type": "ReplacePrefixMatch", "replacePrefixMatch": "/"}}}]).into_strategy()),
        ]),
        2,
    )
}

fn parent_refs() -> BoxedStrategy<Value> {
    list_of(
        object(vec![
            ("name", 0.9, pick(&[json!("gateway")])),
            ("namespace", 0.5, word()),
            ("sectionName", 0.4, pick(&[json!("http-app")])),
        ]),
        2,
    )
}

fn http_route() -> BoxedStrategy<Value> {
    object(vec![
        ("enabled", 0.9, boolish()),
        ("annotations", 0.2, map_of(name(), scalar(), 1)),
        ("parentRefs", 0.6, parent_refs()),
        (
            "hostnames",
            0.6,
            list_of(pick(&[json!("app.example.com"), json!("b.example.com")]), 2),
        ),
        ("rules", 0.5, route_rules()),
    ])
}

fn gateway() -> BoxedStrategy<Value> {
    object(vec![
        ("enabled", 0.9, boolish()),
        (
            "hostname",
            0.5,
            pick(&[json!("app.example.com"), json!("")]),
        ),
        (
            "hostnames",
            0.3,
            list_of(pick(&[json!("b.example.com")]), 2),
        ),
        ("path", 0.4, pick(&[json!("/api"), json!("")])),
        (
            "pathType",
            0.3,
            pick(&[json!("Exact"), json!("PathPrefix")]),
        ),
        (
            "parentRef",
            0.3,
            object(vec![
                ("name", 0.5, word()),
                ("namespace", 0.5, word()),
                ("sectionName", 0.5, word()),
            ]),
        ),
        (
            "backend",
            0.3,
            object(vec![("service", 0.5, word()), ("port", 0.5, port())]),
        ),
        ("annotations", 0.2, map_of(name(), scalar(), 1)),
        ("parentRefs", 0.3, parent_refs()),
        ("rules", 0.3, route_rules()),
    ])
}

fn cache() -> BoxedStrategy<Value> {
    object(vec![
        ("enabled", 0.9, boolish()),
        ("port", 0.3, port()),
        ("maxmemory", 0.3, pick(&[json!("100mb")])),
        (
            "extraConfig",
            0.4,
            pick(&[
                json!("timeout 300\ntcp-keepalive 60\n"),
                json!("appendonly no"),
            ]),
        ),
        ("resources", 0.2, resources()),
        (
            "exporter",
            0.5,
            object(vec![
                ("enabled", 0.8, boolish()),
                ("port", 0.3, port()),
                (
                    "serviceMonitor",
                    0.6,
                    object(vec![
                        ("enabled", 0.8, boolish()),
                        ("interval", 0.4, pick(&[json!("15s")])),
                        ("labels", 0.4, map_of(name(), word(), 1)),
                    ]),
                ),
            ]),
        ),
    ])
}

fn service_monitor() -> BoxedStrategy<Value> {
    object(vec![
        ("enabled", 0.9, boolish()),
        (
            "port",
            0.6,
            pick(&[json!("metrics"), json!("http"), json!(9090)]),
        ),
        ("path", 0.3, pick(&[json!("/metrics"), json!("")])),
        ("interval", 0.3, pick(&[json!("15s")])),
        ("labels", 0.3, map_of(name(), word(), 2)),
        (
            "relabelings",
            0.2,
            json!([{"action": "keep", "sourceLabels": ["a"]}]).into_strategy(),
        ),
        (
            "metricRelabelings",
            0.2,
            json!([{"action": "drop", "regex": "go_.*"}]).into_strategy(),
        ),
    ])
}

fn hpa() -> BoxedStrategy<Value> {
    object(vec![
        ("enabled", 0.9, boolish()),
        ("maxReplicas", 0.4, pick(&[json!(10), json!("5"), json!(0)])),
        ("cpu", 0.4, pick(&[json!(80), json!(0), json!("75")])),
        ("memory", 0.4, pick(&[json!(80), json!(0)])),
        ("annotations", 0.2, map_of(name(), word(), 2)),
        (
            "behavior",
            0.05,
            json!({"scaleDown": {"stabilizationWindowSeconds": 300}}).into_strategy(),
        ),
        ("customMetric", 0.2, pick(&[json!("requests")])),
        ("customResource", 0.2, word()),
        ("customTarget", 0.2, pick(&[json!(100), json!("50")])),
    ])
}

fn pdb() -> BoxedStrategy<Value> {
    object(vec![
        ("enabled", 0.9, boolish()),
        (
            "minAvailable",
            0.5,
            pick(&[json!(1), json!("50%"), json!(0)]),
        ),
        (
            "maxUnavailable",
            0.4,
            pick(&[json!(1), json!(0), Value::Null, json!("25%")]),
        ),
        ("apiVersion", 0.2, pick(&[json!("policy/v1")])),
        ("annotations", 0.2, map_of(name(), word(), 1)),
    ])
}

fn volume() -> BoxedStrategy<Value> {
    object(vec![
        ("enabled", 0.9, boolish()),
        (
            "mount",
            0.4,
            object(vec![
                ("readOnly", 0.5, boolish()),
                ("path", 0.5, pick(&[json!("/data"), json!("/var/lib/x")])),
            ]),
        ),
        (
            "accessModes",
            0.3,
            list_of(pick(&[json!("ReadWriteOnce"), json!("ReadOnlyMany")]), 2),
        ),
        (
            "resources",
            0.3,
            json!({"requests": {"storage": "5Gi"}}).into_strategy(),
        ),
        (
            "storageClass",
            0.4,
            object(vec![
                ("name", 0.5, pick(&[json!("fast"), json!("")])),
                (
                    "create",
                    0.5,
                    object(vec![
                        ("provisioner", 0.5, pick(&[json!("ebs.csi.aws.com")])),
                        ("parameters", 0.5, map_of(name(), word(), 2)),
                        ("mountOptions", 0.3, list_of(word(), 2)),
                    ]),
                ),
            ]),
        ),
    ])
}

fn alerting() -> BoxedStrategy<Value> {
    object(vec![(
        "rules",
        0.9,
        map_of(
            pick(&[json!("HighErrors"), json!("Down")])
                .prop_map(|v| v.as_str().unwrap_or("A").to_owned())
                .boxed(),
            object(vec![
                (
                    "expr",
                    0.9,
                    pick(&[json!("up == 0"), json!("rate(x[5m]) > 1")]),
                ),
                ("for", 0.7, pick(&[json!("5m")])),
                (
                    "annotations",
                    0.6,
                    map_of(
                        pick(&[json!("summary")])
                            .prop_map(|v| v.as_str().unwrap_or("s").to_owned())
                            .boxed(),
                        scalar(),
                        1,
                    ),
                ),
                (
                    "labels",
                    0.6,
                    map_of(
                        pick(&[json!("severity")])
                            .prop_map(|v| v.as_str().unwrap_or("s").to_owned())
                            .boxed(),
                        word(),
                        1,
                    ),
                ),
            ]),
            2,
        ),
    )])
}

/// Every top-level feature with how often it is set in `default.yaml`.
fn features() -> Vec<(&'static str, f64, BoxedStrategy<Value>)> {
    vec![
        (
            "appName",
            0.99,
            rarely_odd(
                &[
                    json!("web"),
                    json!("api-gw"),
                    json!("a"),
                    json!("orders"),
                    json!("x1"),
                ],
                &[json!(""), json!(7)],
            ),
        ),
        (
            "environment",
            0.6,
            pick(&[json!("dev"), json!("prod"), json!("")]),
        ),
        ("branch", 0.2, pick(&[json!("main"), json!("feature/x")])),
        ("version", 0.2, pick(&[json!("1.0.0"), json!(2)])),
        ("buildId", 0.2, pick(&[json!("42"), json!(7), json!("")])),
        ("image", 0.8, image()),
        (
            "imagePullSecrets",
            0.4,
            list_of(
                object(vec![(
                    "name",
                    0.9,
                    pick(&[json!("regsecret"), json!("other")]),
                )]),
                2,
            ),
        ),
        ("deploySecretHarbor", 0.1, boolish()),
        (
            "replicas",
            0.3,
            pick(&[json!(2), json!(0), json!("3"), Value::Null]),
        ),
        ("commands", 0.2, list_of_words()),
        ("args", 0.3, list_of_words()),
        ("jaegerEnabled", 0.1, boolish()),
        ("tracingEnabled", 0.1, boolish()),
        (
            "serviceAccountName",
            0.3,
            pick(&[json!("default"), json!(""), json!("app")]),
        ),
        (
            "rbac",
            0.1,
            object(vec![
                ("create", 0.9, boolish()),
                (
                    "resources",
                    0.9,
                    prop::collection::vec(pick(&[json!("pods"), json!("services")]), 1..=2)
                        .prop_map(Value::Array)
                        .boxed(),
                ),
            ]),
        ),
        ("deployment", 0.1, object(vec![("enabled", 0.9, boolish())])),
        ("service", 0.7, service(vec![])),
        ("serviceExternal", 0.2, service(load_balancer())),
        ("serviceInternal", 0.2, service(load_balancer())),
        ("serviceHeadless", 0.2, service(vec![])),
        (
            "serviceExternalName",
            0.35,
            object(vec![
                ("enabled", 0.9, boolish()),
                (
                    "services",
                    0.8,
                    map_of(
                        name(),
                        object(vec![(
                            "externalName",
                            0.9,
                            pick(&[json!("db.example.com")]),
                        )]),
                        2,
                    ),
                ),
            ]),
        ),
        ("livenessProbe", 0.3, probe()),
        ("readinessProbe", 0.3, probe()),
        (
            "lifecycle",
            0.1,
            json!({"preStop": {"exec": {"command": ["sleep", "10"]}}}).into_strategy(),
        ),
        (
            "strategy",
            0.2,
            object(vec![
                (
                    "type",
                    0.7,
                    pick(&[json!("RollingUpdate"), json!("Recreate")]),
                ),
                (
                    "rollingUpdate",
                    0.5,
                    object(vec![
                        ("maxSurge", 0.6, pick(&[json!(2), json!("25%")])),
                        ("maxUnavailable", 0.6, pick(&[json!(1), json!(0)])),
                    ]),
                ),
            ]),
        ),
        ("resources", 0.4, resources()),
        (
            "prometheus",
            0.2,
            object(vec![
                ("enabled", 0.9, boolish()),
                ("port", 0.5, port()),
                ("path", 0.4, pick(&[json!("/m")])),
            ]),
        ),
        ("configmap", 0.6, map_of(env_name(), scalar(), 3)),
        ("configfiles", 0.4, configfiles()),
        ("secrets", 0.7, secrets()),
        ("secretsProvider", 0.7, secrets_provider()),
        ("sharedVolumes", 0.3, shared_volumes()),
        (
            "initContainers",
            0.2,
            object(vec![
                ("command", 0.7, list_of_words()),
                ("args", 0.5, list_of_words()),
            ]),
        ),
        ("extensions", 0.3, extensions()),
        ("ingress", 0.4, ingress()),
        ("httpRoute", 0.35, http_route()),
        ("gateway", 0.35, gateway()),
        ("cloudflare", 0.1, object(vec![("enabled", 0.9, boolish())])),
        (
            "worker",
            0.5,
            object(vec![
                ("enabled", 0.9, boolish()),
                ("spec", 0.9, workload_spec(false)),
            ]),
        ),
        (
            "job",
            0.45,
            object(vec![
                ("enabled", 0.9, boolish()),
                ("spec", 0.9, workload_spec(false)),
            ]),
        ),
        (
            "cronjob",
            0.45,
            object(vec![
                ("enabled", 0.9, boolish()),
                ("spec", 0.9, workload_spec(true)),
            ]),
        ),
        ("volume", 0.2, volume()),
        ("hpa", 0.45, hpa()),
        ("pdb", 0.45, pdb()),
        ("alerting", 0.35, alerting()),
        ("serviceMonitor", 0.45, service_monitor()),
        ("cache", 0.45, cache()),
        ("nodeSelector", 0.1, map_of(name(), word(), 2)),
        (
            "tolerations",
            0.1,
            list_of(json!({"key": "k", "operator": "Exists"}).into_strategy(), 1),
        ),
        ("fqdn", 0.05, pick(&[json!("x.example.com")])),
        ("vaultCert", 0.05, pick(&[json!("wildcard")])),
    ]
}

/// `shared/k8app-defaults.yaml` as platforms write it.
fn platform_defaults() -> BoxedStrategy<Value> {
    object(vec![
        (
            "imagePullSecrets",
            0.7,
            json!([{"name": "regsecret"}]).into_strategy(),
        ),
        ("secretsProvider", 0.7, secrets_provider()),
        ("serviceAccountName", 0.3, pick(&[json!("default")])),
        ("resources", 0.3, resources()),
        ("serviceMonitor", 0.2, service_monitor()),
    ])
}

fn service_defaults() -> BoxedStrategy<Value> {
    object(features())
}

/// Values that replace a key in an overlay: nulls, empty maps and lists,
/// numbers as strings, lists replaced by maps and maps by lists.
fn replacement() -> BoxedStrategy<Value> {
    pick(&[
        Value::Null,
        Value::Null,
        json!({}),
        json!([]),
        json!("8080"),
        json!("3"),
        json!({"a": "x"}),
        json!(["x"]),
        json!(""),
        json!(false),
    ])
}

/// Paths an overlay replaces (the chart reads each of them).
const REPLACED: &[&str] = &[
    "environment",
    "image",
    "image.tag",
    "image.repository",
    "imagePullSecrets",
    "replicas",
    "commands",
    "args",
    "service",
    "service.ports",
    "service.ports.http",
    "service.enabled",
    "livenessProbe",
    "livenessProbe.httpGet",
    "readinessProbe.tcpSocket",
    "resources",
    "resources.limits",
    "configmap",
    "configfiles",
    "configfiles.data",
    "secrets",
    "secretsProvider",
    "secretsProvider.vault",
    "sharedVolumes",
    "extensions",
    "ingress",
    "ingress.locations",
    "httpRoute",
    "httpRoute.rules",
    "gateway",
    "gateway.parentRef",
    "worker.spec",
    "job.spec",
    "cronjob.spec",
    "hpa",
    "hpa.cpu",
    "pdb",
    "pdb.maxUnavailable",
    "serviceMonitor",
    "serviceMonitor.labels",
    "cache",
    "cache.exporter",
    "tolerations",
    "nodeSelector",
    "strategy",
    "strategy.rollingUpdate",
    "prometheus",
    "volume",
    "initContainers",
    "alerting",
    "rbac.resources",
    "serviceInternal.ports",
];

/// An env overlay: a few features again, then now and then a replacement.
fn overlay() -> BoxedStrategy<Value> {
    let features: Vec<(&'static str, f64, BoxedStrategy<Value>)> = features()
        .into_iter()
        .map(|(k, p, s)| (k, p * 0.25, s))
        .collect();
    (
        object(features),
        prop::option::weighted(
            0.35,
            (prop::sample::select(REPLACED.to_vec()), replacement()),
        ),
    )
        .prop_map(|(mut overlay, replacement)| {
            if let Some((path, value)) = replacement {
                set_path(&mut overlay, path, value);
            }
            overlay
        })
        .boxed()
}

/// Sets a dotted path, creating maps on the way (a non-map on the way is replaced).
fn set_path(root: &mut Value, path: &str, value: Value) {
    let mut node = root;
    let mut keys = path.split('.').peekable();
    while let Some(key) = keys.next() {
        if !node.is_object() {
            *node = json!({});
        }
        let Some(map) = node.as_object_mut() else {
            return;
        };
        if keys.peek().is_none() {
            map.insert(key.to_owned(), value);
            return;
        }
        node = map.entry(key.to_owned()).or_insert_with(|| json!({}));
    }
}
