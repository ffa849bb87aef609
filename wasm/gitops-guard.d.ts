// Types of the gitops-guard WebAssembly module (wasm/src/bindings.rs).
// Every input and output is a plain JSON-compatible object; errors are thrown
// as `Error` with a precise message (unknown service, environment or rule,
// invalid `.gitops-guard.yaml`, unsupported chart version).

/** A virtual repository: `/`-separated path → file text. */
export type Files = Record<string, string>;

/** What the CLI takes as flags; every field is optional. */
export interface Options {
  /** Paths to lint, like `gitops-guard lint PATH…` (default: the whole tree). */
  roots?: string[];
  /** `--platform DIR`: the directory holding `platform/base.yaml` (found in the tree otherwise). */
  platformDir?: string;
  /** `--env-file F`: the path of a `.env` file in `files`. */
  envFile?: string;
  /** The text of `.gitops-guard.yaml` (rule severities, ignored paths). */
  config?: string;
}

export type Severity = "error" | "warning" | "info";

/** One finding, exactly as `gitops-guard lint --format json` prints it. */
export interface Diagnostic {
  rule: string;
  severity: Severity;
  file: string;
  /** 1-based line and column of the value that won the merge (or of the key to change). */
  line: number;
  column: number;
  /** 1-based end of the range, exclusive (equal to line/column for a point). */
  end_line: number;
  end_column: number;
  /** The environments the finding arises in (empty for a finding about a file itself). */
  env: string[];
  message: string;
  help: string;
}

/** The CLI's JSON contract (DESIGN §6). */
export interface LintReport {
  version: 1;
  diagnostics: Diagnostic[];
  summary: { files: number; errors: number; warnings: number };
}

/** A service found in the tree. */
export interface ServiceInfo {
  name: string;
  cicdDir: string;
  /** Environments it has an overlay for, in platform order. */
  envs: string[];
  /** Whether the platform's ApplicationSet deploys it. */
  deployed: boolean;
}

export interface ServicesReport {
  /** The platform's environments, in order. */
  envs: string[];
  /** The platform root, when one was found. */
  platformDir: string | null;
  services: ServiceInfo[];
}

export type Layer = "chart-defaults" | "platform-defaults" | "service-default" | "env-overlay";

/** Where a value was written. */
export interface ValueOrigin {
  file: string;
  line: number;
  column: number;
  layer: Layer;
}

export interface LeafProvenance extends ValueOrigin {
  /** Earlier values this one replaced, oldest first. */
  overrides: ValueOrigin[];
}

/** What `gitops-guard values SERVICE --env ENV` shows. */
export interface ValuesReport {
  service: string;
  env: string;
  /** The ArgoCD Application (= Helm release) `{service}-{env}`. */
  application: string;
  namespace: string;
  /** The merged values. */
  values: Record<string, unknown>;
  /** Every leaf's provenance by path (`image.tag`, `ports[0].name`). */
  provenance: Record<string, LeafProvenance>;
  /** Keys removed by an explicit `null`. */
  deletions: { path: string; by: ValueOrigin }[];
  /** YAML with a `# file:line` comment beside every value. */
  yaml: string;
}

/** A value that decided a rendered object. */
export interface ValueSource {
  path: string;
  /** Empty for values the render read without a file. */
  file: string;
  line: number;
  column: number;
}

/** One Kubernetes object k8app renders. */
export interface RenderedObject {
  api_version: string;
  kind: string;
  name: string;
  /** null for cluster-scoped kinds. */
  namespace: string | null;
  /** The chart template, e.g. `app/templates/deployment.yaml`. */
  source: string;
  values: ValueSource[];
  /** The object as the API server receives it. */
  object: Record<string, unknown>;
  /** Why it would not read back whole through its typed model; empty when clean. */
  problems: string[];
}

export interface RenderReport {
  release: string;
  namespace: string;
  /** The k8app chart version rendered. */
  chart: string;
  /** In `helm template` order. */
  objects: RenderedObject[];
  /** One YAML stream with `# Source:` / `# Value:` comments. */
  yaml: string;
}

/** One secret of a service and the Vault policy's answer. */
export interface SecretDecision {
  /** The environment variable (key under `secrets:`). */
  name: string;
  /** The value as written. */
  value: string;
  origin: ValueOrigin;
  /** The path under the mount the chart resolves it to. */
  resolved: string;
  /** The KV v2 API path the operator reads (`{mount}/data/{resolved}`). */
  apiPath: string;
  /** Capabilities the namespace's policy gives there (`["deny"]` for none). */
  capabilities: string[];
  /** Whether `read` is granted. */
  granted: boolean;
  /** The `path` block that decided (its pattern and 0-based index in `policy`); null: no rule matches, denied by default. */
  rule: { pattern: string; index: number } | null;
}

export interface VaultReport {
  namespace: string;
  /** The namespace's generated policy, e.g. `shop-dev-read`. */
  policyName: string;
  /** Its HCL. */
  policy: string;
  /** The canonical secret path as written in values (`/{prefix}/{service}/{env}/config`). */
  canonicalPath: string;
  /** Sorted by name. */
  secrets: SecretDecision[];
}

/** One rule of the catalog. */
export interface RuleInfo {
  id: string;
  severity: Severity;
  summary: string;
}
