// The preview page: editors on the left, findings / merged values / manifests /
// Vault / rule docs on the right. Everything runs in this tab; no server.
import init, * as gg from '../pkg/gg_wasm.js';
import { markdown, inlineHtml } from './markdown.js';
import { PRESETS, DEFAULT_PRESET } from './presets.js';
// Each preset's findings, linted by this very module when the page was built
// (wasm/build/first-findings.mjs): painted before the engine has compiled.
import FIRST_FINDINGS from '../pkg/first-findings.json';
import { encodeState, decodeState } from './state.js';

const $ = (sel) => document.querySelector(sel);
const h = (tag, attrs = {}, ...children) => {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') el.className = v;
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (v !== undefined && v !== null && v !== false) el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
};

const LAYERS = {
  'chart-defaults': 'chart defaults',
  'platform-defaults': 'platform defaults',
  'service-default': 'default.yaml',
  'env-overlay': 'env overlay',
};

const app = {
  preset: DEFAULT_PRESET,
  service: PRESETS[DEFAULT_PRESET].service,
  files: {},
  /** Edits of the presets not shown (preset id → path → text, or null for a removed file). */
  edits: {},
  /** The services the engine finds in the files ({name, cicdDir, …}). */
  services: [],
  editors: {},
  env: 'dev',
  file: null,
  view: 'findings',
  report: null,
  envs: ['dev', 'staging', 'prod'],
  rule: null,
  /** The values JSON Schema, made on the first completion. */
  schema: null,
  hideChartDefaults: false,
  timings: { lint: [], ready: null, phases: {} },
  /** Until the first findings are painted: editors wait, they are not needed to show them. */
  starting: true,
};
window.gg = { app, timings: app.timings, engine: gg, presets: PRESETS, firstFindings: FIRST_FINDINGS };

/** CodeMirror and the key completion (`editor.js`, a script of its own): null until loaded,
 * right after the first findings are painted — they are shown without it. */
let cm = null;
const loadEditors = () => import('./editor.js').then((module) => (cm = module));

// ---------- files and editors ----------

function fileLabel(path) {
  if (path.endsWith('/platform/base.yaml')) return 'base.yaml';
  if (path.endsWith('/platform/core.yaml')) return 'core.yaml';
  if (path.endsWith('/shared/k8app-defaults.yaml')) return 'k8app-defaults.yaml';
  if (!path.includes('/')) return path;
  return path.split('/').pop();
}

/** The tab group of a file: `platform`, a service's directory, or `other`. */
function fileGroup(path) {
  if (path.startsWith('gitops-config/')) return 'platform';
  const cicd = path.lastIndexOf('/.cicd/');
  if (cicd >= 0) return path.slice(0, cicd);
  return path.startsWith('.cicd/') ? '.' : 'other';
}

/** A group's label: the service's name when the engine found one there. */
function groupLabel(group) {
  if (group === 'platform' || group === 'other') return group;
  return app.services.find((s) => s.cicdDir.replace(/\/?\.cicd$/, '') === (group === '.' ? '' : group))?.name
    || group.split('/').pop();
}

function orderedFiles() {
  const order = (p) => {
    const name = fileLabel(p);
    const idx = ['base.yaml', 'core.yaml', 'k8app-defaults.yaml', 'default.yaml'].indexOf(name);
    if (idx >= 0) return idx;
    const env = app.envs.indexOf(name.replace(/\.yaml$/, ''));
    return 10 + (env >= 0 ? env : 50);
  };
  return Object.keys(app.files).sort((a, b) => order(a) - order(b) || a.localeCompare(b));
}

/** Starts over with one (still empty) editor box per file; editors are made when first shown. */
function buildEditors() {
  $('#editors').replaceChildren(...orderedFiles().map((path) => h('div', { class: 'editor', 'data-path': path, hidden: true })));
  app.editors = {};
  if (!(app.file in app.files)) app.file = orderedFiles().find((p) => p.endsWith(`/${app.env}.yaml`)) || orderedFiles()[0];
  renderFileTabs();
  showFile(app.file);
}

/** The editor of `path`, made on first use with the file's findings marked
 * (at start, once the first findings are on screen). */
function editorOf(path) {
  if (app.editors[path] || !(path in app.files) || app.starting || !cm) return app.editors[path];
  const box = document.querySelector(`.editor[data-path="${CSS.escape(path)}"]`);
  if (!box) return undefined;
  const view = cm.createEditor(box, app.files[path], {
    onChange: (text) => {
      app.files[path] = text;
      scheduleLint();
      scheduleSave();
    },
    schema: () => (app.schema ??= gg.schema()),
  });
  app.editors[path] = view;
  if (app.report) cm.showFindings(view, app.report.diagnostics.filter((d) => d.file === path), findingMessage);
  return view;
}

function renderFileTabs() {
  const counts = {};
  for (const d of app.report?.diagnostics || []) {
    counts[d.file] ??= { error: 0, warning: 0, info: 0 };
    counts[d.file][d.severity] += 1;
  }
  const base = PRESETS[app.preset].files;
  const groups = new Map([['platform', []]]);
  for (const path of orderedFiles()) {
    const c = counts[path];
    const badge = c && (c.error || c.warning)
      ? h('span', { class: `badge ${c.error ? 'error' : 'warning'}` }, String(c.error + c.warning))
      : null;
    const added = !(path in base);
    const remove = added
      ? h('span', {
        class: 'remove', role: 'button', title: `remove ${path}`, 'data-remove': path,
        onclick: (event) => { event.stopPropagation(); removeFile(path); },
      }, '×')
      : null;
    const group = fileGroup(path);
    if (!groups.has(group)) groups.set(group, []);
    groups.get(group).push(
      h('button', {
        class: `file-tab${path === app.file ? ' active' : ''}${path.endsWith(`/${app.env}.yaml`) ? ' current-env' : ''}${added ? ' added' : ''}`,
        title: path,
        'data-path': path,
        onclick: () => showFile(path),
      }, fileLabel(path).replace(/\.yaml$/, ''), badge, remove),
    );
  }
  $('#file-tabs').replaceChildren(
    ...[...groups].filter(([, tabs]) => tabs.length).map(([group, tabs]) =>
      h('div', { class: 'tab-group' }, h('span', { class: 'group-label' }, groupLabel(group)), tabs)),
  );
}

// ---------- adding and removing files ----------

/** The text a new file starts with: a new service's default.yaml names the app. */
function newFileText(path) {
  const m = /(?:^|\/)([^/]+)\/\.cicd\/default\.ya?ml$/.exec(path);
  if (m) return `appName: ${m[1]}\n`;
  const overlay = /\.cicd\/([^/]+)\.ya?ml$/.exec(path);
  return overlay ? `# values for ${overlay[1]} on top of default.yaml\n` : '';
}

/** Why `path` cannot be added, or null. */
function badNewPath(path) {
  if (!path) return 'give a path, e.g. services/orders/.cicd/qa.yaml';
  if (path.startsWith('/') || path.split('/').some((p) => p === '' || p === '.' || p === '..'))
    return 'use a relative path without empty, `.` or `..` parts';
  if (path in app.files) return `${path} exists already`;
  return null;
}

function openAddFile() {
  const form = $('#add-form');
  form.hidden = false;
  const input = $('#add-path');
  const current = app.file ? fileGroup(app.file) : null;
  input.value = current && current !== 'platform' && current !== 'other' ? `${current === '.' ? '' : `${current}/`}.cicd/` : 'services/';
  $('#add-error').textContent = '';
  input.focus();
}

function addFile(event) {
  event.preventDefault();
  const path = $('#add-path').value.trim().replace(/^\.\//, '');
  const problem = badNewPath(path);
  if (problem) {
    $('#add-error').textContent = problem;
    return;
  }
  $('#add-form').hidden = true;
  app.files[path] = newFileText(path);
  app.file = path;
  buildEditors();
  runLint();
  scheduleSave();
}

function removeFile(path) {
  delete app.files[path];
  if (app.file === path) app.file = null;
  buildEditors();
  runLint();
  scheduleSave();
}

function showFile(path) {
  app.file = path;
  for (const box of document.querySelectorAll('.editor')) box.hidden = box.dataset.path !== path;
  $('#file-path').textContent = path;
  renderFileTabs();
  document.querySelector('.file-tab.active')?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  editorOf(path)?.requestMeasure();
  scheduleSave();
}

/** An element whose text may hold `code` spans (engine messages do). */
function rich(tag, cls, text) {
  const el = h(tag, { class: cls });
  el.innerHTML = inlineHtml(text);
  return el;
}

function findingMessage(d) {
  return h('div', { class: 'cm-finding' },
    h('div', {}, h('span', { class: `rule-chip ${d.severity}` }, d.rule), ' ', rich('span', '', d.message)),
    d.env.length ? h('div', { class: 'env-list' }, 'in ', d.env.join(', ')) : null,
    d.help ? rich('div', 'help', d.help) : null);
}

// ---------- lint ----------

let lintTimer = null;
function scheduleLint() {
  clearTimeout(lintTimer);
  lintTimer = setTimeout(runLint, 120);
}

/** Resolves once the engine is instantiated; `engineReady` says whether it has. */
let engineStarted = null;
let engineReady = false;
let lintWaiting = false;

function runLint() {
  if (!engineReady) {
    // A lint asked for before the engine is there (a preset picked at once) runs when it is;
    // meanwhile a preset as it comes shows the findings linted when the page was built.
    const built = builtFindings();
    if (built) showReport(built.report, built.services, 'linted when the page was built');
    if (!lintWaiting && engineStarted) {
      lintWaiting = true;
      engineStarted.then(() => { lintWaiting = false; runLint(); }, () => { lintWaiting = false; });
    }
    return;
  }
  const start = performance.now();
  let report;
  try {
    report = gg.lint(app.files);
  } catch (err) {
    setStatus('error', String(err.message || err));
    return;
  }
  const ms = performance.now() - start;
  app.timings.lint.push(ms);
  let info = null;
  try {
    info = gg.services(app.files);
  } catch {
    /* the lint report already says what is wrong */
  }
  showReport(report, info, `lint ${formatMs(ms)}`);
}

/** The files' findings as linted when the page was built, while they are the preset's own
 * and the findings are the view shown (the other views need the engine). */
function builtFindings() {
  const built = FIRST_FINDINGS[app.preset];
  return built && app.view === 'findings' && !Object.keys(presetEdits()).length ? built : null;
}

/** Shows a lint report (and the services the files hold, unless `info` is null) everywhere:
 * the views, the editors' marks, the status (`how`: how it was linted) and the pickers. */
function showReport(report, info, how) {
  app.report = report;
  if (info) {
    app.envs = info.envs.length ? info.envs : app.envs;
    if (!app.envs.includes(app.env)) app.env = app.envs[0];
    app.services = info.services;
  }
  if (app.services.length && !app.services.some((s) => s.name === app.service)) app.service = app.services[0].name;
  for (const [path, view] of Object.entries(app.editors)) {
    cm.showFindings(view, report.diagnostics.filter((d) => d.file === path), findingMessage);
  }
  const { errors, warnings } = report.summary;
  setStatus(errors ? 'error' : warnings ? 'warning' : 'clean',
    errors || warnings ? `${plural(errors, 'error')} · ${plural(warnings, 'warning')}` : 'no findings',
    `${report.summary.files} files · ${how}`);
  renderPresets();
  renderServices();
  renderEnvTabs();
  renderFileTabs();
  renderView();
}

const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** A duration for the status line; the browser's clock may be coarser than a lint. */
const formatMs = (ms) => (ms >= 0.1 ? `${ms.toFixed(1)} ms` : '< 0.1 ms');

function setStatus(kind, text, detail = '') {
  $('#status').className = `status ${kind}`;
  $('#status-text').textContent = text;
  $('#status-detail').textContent = detail;
  $('#status').title = detail ? `${text} · ${detail}` : text;
}

// ---------- header: presets, environments, share ----------

function renderPresets() {
  const select = $('#preset');
  const edited = (id) => Object.keys(id === app.preset ? presetEdits() : app.edits[id] || {}).length > 0;
  select.replaceChildren(...Object.entries(PRESETS).map(([id, p]) =>
    h('option', { value: id, selected: id === app.preset }, edited(id) ? `${p.label} (edited)` : p.label)));
  select.value = app.preset;
  select.onchange = () => switchPreset(select.value);
}

/** The service picker, shown when the files hold more than one service. */
function renderServices() {
  const picker = $('#service-picker');
  picker.hidden = app.services.length < 2;
  const select = $('#service');
  select.replaceChildren(...app.services.map((s) =>
    h('option', { value: s.name, selected: s.name === app.service }, s.name)));
  select.value = app.service;
  select.onchange = () => {
    app.service = select.value;
    renderView();
    scheduleSave();
  };
}

/** The current files' differences from their preset: path → text, or null for a removed file. */
function presetEdits() {
  const base = PRESETS[app.preset].files;
  const edits = {};
  for (const [path, text] of Object.entries(app.files)) if (base[path] !== text) edits[path] = text;
  for (const path of Object.keys(base)) if (!(path in app.files)) edits[path] = null;
  return edits;
}

/** Shows another preset; the edits of the one left are kept and come back with it. */
function switchPreset(id) {
  const left = presetEdits();
  if (Object.keys(left).length) app.edits[app.preset] = left;
  else delete app.edits[app.preset];
  const edits = app.edits[id] || {};
  delete app.edits[id];
  loadPreset(id, edits);
}

function loadPreset(id, edits = {}) {
  showPreset(id, edits);
  runLint();
  scheduleSave();
}

/** Puts a preset's files (with `edits`) in the editors' tabs, before they are linted. */
function showPreset(id, edits) {
  app.preset = PRESETS[id] ? id : DEFAULT_PRESET;
  const preset = PRESETS[app.preset];
  app.service = preset.service;
  app.files = { ...preset.files, ...edits };
  for (const [path, text] of Object.entries(app.files)) if (text === null) delete app.files[path];
  app.file = null;
  buildEditors();
}

function renderEnvTabs() {
  $('#envs').replaceChildren(...app.envs.map((env) => {
    const n = (app.report?.diagnostics || []).filter((d) => d.env.includes(env)).length;
    return h('button', {
      class: `env${env === app.env ? ' active' : ''}`,
      'data-env': env,
      onclick: () => {
        app.env = env;
        renderEnvTabs();
        renderFileTabs();
        renderView();
        scheduleSave();
      },
    }, env, n ? h('span', { class: 'dot' }) : null);
  }));
}

let saveTimer = null;
function scheduleSave() {
  clearTimeout(saveTimer);
  saveTimer = setTimeout(async () => {
    const state = {
      p: app.preset, s: app.service, e: app.env, f: app.file, v: app.view, r: app.rule, d: presetEdits(), o: app.edits,
    };
    history.replaceState(null, '', `#s=${await encodeState(state)}`);
  }, 250);
}

async function share() {
  clearTimeout(saveTimer);
  const button = $('#share');
  try {
    await navigator.clipboard.writeText(location.href);
    button.textContent = 'Link copied';
  } catch {
    button.textContent = 'Copy the address bar';
  }
  setTimeout(() => (button.textContent = 'Share'), 1600);
}

// ---------- right-hand views ----------

function setView(view) {
  showViewTab(view);
  renderView();
  scheduleSave();
}

/** Marks `view`'s tab active and shows its pane (rendered by the caller). */
function showViewTab(view) {
  app.view = view;
  for (const b of document.querySelectorAll('.view-tab')) b.classList.toggle('active', b.dataset.view === view);
  for (const p of document.querySelectorAll('.view')) p.hidden = p.id !== `view-${view}`;
}

function renderView() {
  const count = app.report?.diagnostics.length ?? 0;
  $('#findings-count').textContent = count ? String(count) : '';
  ({ findings: renderFindings, values: renderValues, manifests: renderManifests, vault: renderVault, rules: renderRules })[app.view]?.();
}

function jumpTo(file, line, column) {
  if (!(file in app.files)) return;
  showFile(file);
  const view = editorOf(file);
  if (view) cm.reveal(view, line, column);
}

function locLink(file, line, column, short = false) {
  const editable = file in app.files;
  return h(editable ? 'button' : 'span', {
    class: `loc${editable ? ' link' : ''}`,
    title: editable ? `${file}:${line}:${column} (show in the editor)` : `${file} is not editable here`,
    onclick: editable ? () => jumpTo(file, line, column) : undefined,
  }, `${short ? fileLabel(file) : file}:${line}:${column}`);
}

function renderFindings() {
  const list = $('#view-findings');
  const diags = app.report?.diagnostics || [];
  if (!diags.length) {
    list.replaceChildren(h('div', { class: 'empty' },
      h('div', { class: 'empty-mark' }, '✓'),
      h('p', {}, 'No findings. CI and the admission webhook would accept these files.'),
      h('p', { class: 'muted small' }, `${app.report?.summary.files ?? 0} files checked, merged for ${app.envs.join(', ')}.`)));
    return;
  }
  const sorted = [...diags].sort((a, b) =>
    (b.env.includes(app.env) - a.env.includes(app.env)) || 0);
  list.replaceChildren(...sorted.map((d) => h('article', {
    class: `finding ${d.severity}${d.env.length && !d.env.includes(app.env) ? ' other-env' : ''}`,
    'data-rule': d.rule,
    'data-line': d.line,
    'data-file': d.file,
  },
  h('header', {},
    h('span', { class: `sev ${d.severity}` }, d.severity),
    h('button', { class: 'rule-chip link', onclick: () => { app.rule = d.rule; setView('rules'); } }, d.rule),
    h('span', { class: 'env-list' }, ...d.env.map((e) => h('span', { class: `env-chip${e === app.env ? ' current' : ''}` }, e)))),
  rich('p', 'message', d.message),
  d.help ? rich('p', 'help', d.help) : null,
  h('footer', {}, locLink(d.file, d.line, d.column)))));
}

/** Shows `err` in a view instead of its content. */
function showError(target, err) {
  target.replaceChildren(h('div', { class: 'empty' }, h('p', {}, String(err.message || err))));
}

function guarded(target, fn) {
  try {
    fn();
  } catch (err) {
    showError(target, err);
  }
}

const layerOfFile = (report) => {
  const map = {};
  for (const p of Object.values(report.provenance)) map[p.file] = p.layer;
  for (const p of Object.values(report.provenance)) for (const o of p.overrides) map[o.file] = o.layer;
  return map;
};

function renderValues() {
  const target = $('#view-values');
  guarded(target, () => {
    const report = gg.values(app.files, app.service, app.env);
    const layers = layerOfFile(report);
    const rows = report.yaml.replace(/\n$/, '').split('\n').map((line) => {
      const indent = /^\s*/.exec(line)[0].length;
      const m = /^(.*)  # ([^#]+?):(\d+)( \(overrides (.*)\))?$/.exec(line);
      if (!m) return { indent, layer: null, item: /^\s*- /.test(line), el: h('div', { class: 'vline' }, h('span', { class: 'vtext' }, colorYaml(line))) };
      const [, text, file, lineNo, , overrides] = m;
      const layer = layers[file] || 'chart-defaults';
      const el = h('div', { class: `vline layer-${layer}` },
        h('span', { class: 'vtext' }, colorYaml(text)),
        h('span', { class: 'prov' },
          h('button', {
            class: `prov-chip ${layer}`,
            title: `${LAYERS[layer]}: ${file}:${lineNo}${overrides ? `\noverrides ${overrides}` : ''}`,
            onclick: () => jumpTo(file, Number(lineNo), 1),
          }, `${fileLabel(file)}:${lineNo}`),
          overrides ? h('span', { class: 'overrides', title: `overrides ${overrides}` }, `↶ ${overrides.split(', ').length}`) : null));
      return { indent, layer, item: false, el };
    });
    hideChartDefaults(rows, app.hideChartDefaults);
    const toggle = h('label', { class: 'toggle' },
      h('input', { type: 'checkbox', checked: app.hideChartDefaults, onchange: (e) => { app.hideChartDefaults = e.target.checked; renderValues(); } }),
      'only values set in your files');
    target.replaceChildren(
      h('div', { class: 'view-head' },
        h('div', {}, h('strong', {}, report.application), ' → namespace ', h('code', {}, report.namespace)),
        h('div', { class: 'legend' }, ...Object.entries(LAYERS).map(([k, v]) => h('span', { class: `prov-chip ${k}` }, v)))),
      toggle,
      h('div', { class: 'values' }, rows.map((r) => r.el)),
      report.deletions.length
        ? h('div', { class: 'deletions' }, h('h4', {}, 'Deleted by null'),
          ...report.deletions.map((d) => h('div', {}, h('code', {}, d.path), ' by ', locLink(d.by.file, d.by.line, d.by.column))))
        : null);
  });
}

/** Hides chart-default leaves, and parents left without a visible child. */
function hideChartDefaults(rows, hide) {
  const visible = rows.map((r) => !hide || (r.layer ? r.layer !== 'chart-defaults' : true));
  for (let i = rows.length - 1; i >= 0; i--) {
    if (!hide || rows[i].layer || rows[i].item) continue;
    let any = false;
    for (let j = i + 1; j < rows.length && rows[j].indent > rows[i].indent; j++) if (!rows[j].item && visible[j] && rows[j].layer) any = true;
    visible[i] = any;
  }
  for (let i = 0; i < rows.length; i++) {
    if (!rows[i].item) continue;
    let p = i - 1;
    while (p >= 0 && (rows[p].item || rows[p].indent > rows[i].indent)) p--;
    visible[i] = p < 0 || visible[p];
  }
  rows.forEach((r, i) => (r.el.hidden = !visible[i]));
}

/** Light YAML colouring for the values view (keys, strings, numbers, comments). */
function colorYaml(text) {
  const m = /^(\s*(?:- )*)([^:]+?:)(\s.*)?$/.exec(text);
  if (!m) return h('span', { class: 'y-val' }, text);
  const value = m[3] || '';
  const kind = /^\s*["']/.test(value) ? 'y-str' : /^\s*(-?\d[\d.e+-]*|true|false|null)\s*$/.test(value) ? 'y-num' : 'y-val';
  return h('span', {}, m[1], h('span', { class: 'y-key' }, m[2]), h('span', { class: kind }, value));
}

let manifestViewers = [];
function renderManifests() {
  const target = $('#view-manifests');
  if (!cm) {
    target.replaceChildren(h('div', { class: 'empty' }, h('p', {}, 'loading the YAML viewer…')));
    loadEditors().then(() => app.view === 'manifests' && renderManifests(), (err) => showError(target, err));
    return;
  }
  guarded(target, () => {
    const report = gg.render(app.files, app.service, app.env);
    manifestViewers = [];
    const documents = documentsOf(report.yaml);
    const cards = report.objects.map((o, i) => {
      const body = h('div', { class: 'manifest-body' });
      const card = h('details', { class: 'manifest', open: i < 3 },
        h('summary', {},
          h('span', { class: 'kind' }, o.kind),
          h('span', { class: 'name' }, o.name),
          o.namespace ? h('span', { class: 'ns' }, o.namespace) : null,
          o.problems.length ? h('span', { class: 'sev warning' }, `${o.problems.length} problem${o.problems.length > 1 ? 's' : ''}`) : null,
          h('span', { class: 'source' }, o.source)),
        o.problems.length ? h('ul', { class: 'problems' }, ...o.problems.map((p) => h('li', {}, p))) : null,
        o.values.length
          ? h('div', { class: 'decided-by' }, 'from ', ...o.values.filter((v) => v.file).slice(0, 8).map((v) =>
            h('button', { class: 'value-chip', title: `${v.file}:${v.line}`, onclick: () => jumpTo(v.file, v.line, v.column) }, v.path)))
          : null,
        body);
      const viewer = cm.createViewer(body);
      viewer.set(documents[i] ?? '');
      manifestViewers.push(viewer);
      return card;
    });
    target.replaceChildren(
      h('div', { class: 'view-head' },
        h('div', {}, 'helm template ', h('strong', {}, report.release), ' · k8app ', h('code', {}, report.chart), ' → ', h('code', {}, report.namespace)),
        h('div', { class: 'muted' }, `${report.objects.length} objects`)),
      ...cards);
  });
}

/** Each object's YAML as the engine prints it: the stream split at `---`, header comments dropped. */
function documentsOf(stream) {
  return stream
    .split(/^---\n/m)
    .filter((part) => part.trim())
    .map((part) => part.replace(/^(#[^\n]*\n)+/, ''));
}

function renderVault() {
  const target = $('#view-vault');
  guarded(target, () => {
    const report = gg.vault(app.files, app.service, app.env);
    const rows = report.secrets.map((s) => h('tr', { class: s.granted ? 'granted' : 'denied' },
      h('td', {}, h('code', {}, s.name), h('div', { class: 'sub' }, locLink(s.origin.file, s.origin.line, s.origin.column, true))),
      h('td', {}, h('code', {}, s.apiPath), s.value !== `/${s.resolved}` ? h('div', { class: 'sub' }, 'written as ', h('code', {}, s.value)) : null),
      h('td', {}, h('span', { class: `decision ${s.granted ? 'ok' : 'no'}` }, s.granted ? '✓ read' : '✕ denied'),
        h('div', { class: 'sub' }, s.capabilities.join(', '))),
      h('td', {}, s.rule
        ? h('div', {}, h('code', { class: 'pattern' }, `path "${s.rule.pattern}"`), h('div', { class: 'sub' }, `rule #${s.rule.index + 1} of ${report.policyName}`))
        : h('div', { class: 'sub' }, 'no rule matches: denied by default'))));
    const decided = new Set(report.secrets.filter((s) => s.rule).map((s) => s.rule.pattern));
    const policyLines = report.policy.split('\n').map((line) => {
      const m = /^path "([^"]+)"/.exec(line);
      return h('div', { class: `hcl${m && decided.has(m[1]) ? ' decided' : ''}` }, line || ' ');
    });
    target.replaceChildren(
      h('div', { class: 'view-head' },
        h('div', {}, 'namespace ', h('code', {}, report.namespace), ' reads with policy ', h('strong', {}, report.policyName)),
        h('div', { class: 'muted' }, 'canonical path ', h('code', {}, report.canonicalPath))),
      report.secrets.length
        ? h('table', { class: 'secrets' },
          h('thead', {}, h('tr', {}, h('th', {}, 'secret'), h('th', {}, 'Vault API path'), h('th', {}, 'decision'), h('th', {}, 'deciding rule'))),
          h('tbody', {}, rows))
        : h('div', { class: 'empty' }, h('p', {}, `No secrets in ${app.env}.`)),
      h('h4', { class: 'policy-title' }, `${report.policyName}.hcl (generated by the platform)`),
      h('pre', { class: 'policy' }, policyLines));
  });
}

let rulesCache = null;
function renderRules() {
  const target = $('#view-rules');
  rulesCache ??= gg.rules();
  app.rule ??= rulesCache[0]?.id;
  const firing = new Set((app.report?.diagnostics || []).map((d) => d.rule));
  let page = '';
  try {
    page = markdown(gg.explain(app.rule));
  } catch (err) {
    page = `<p>${String(err.message || err)}</p>`;
  }
  const doc = h('div', { class: 'rule-doc' });
  doc.innerHTML = page;
  target.replaceChildren(
    h('nav', { class: 'rule-list' }, ...rulesCache.map((r) => h('button', {
      class: `rule-item${r.id === app.rule ? ' active' : ''}`,
      title: r.summary,
      onclick: () => { app.rule = r.id; renderRules(); scheduleSave(); },
    }, h('span', { class: `sev-dot ${r.severity}` }), r.id, firing.has(r.id) ? h('span', { class: 'firing' }, '●') : null))),
    doc);
}

// ---------- start ----------

/** Milliseconds since navigation at a step of the start, for the browser test's figures. */
const mark = (phase) => (app.timings.phases[phase] = Math.round(performance.now()));

/** The engine: the module index.html started compiling, or the file loaded here if that failed. */
async function startEngine() {
  const file = new URL('gg_wasm_bg.wasm', import.meta.url);
  const compiled = await (window.ggCompiled ?? Promise.reject()).catch(() => file);
  await init({ module_or_path: compiled });
}

/** After the next frame: what the DOM holds now has been painted. */
const nextPaint = () => new Promise((painted) => requestAnimationFrame(() => setTimeout(painted)));

async function main() {
  mark('script');
  const engine = startEngine();
  engine.catch(() => { /* reported where it is awaited */ });
  engineStarted = engine;
  const saved = await decodeState(window.location.hash);
  if (saved) {
    app.env = saved.e || app.env;
    app.rule = saved.r || null;
    for (const [id, edits] of Object.entries(saved.o || {})) if (PRESETS[id]) app.edits[id] = edits;
  }
  // The files' tabs are on screen while the engine compiles; the first lint renders the
  // view shown, so pick it first.
  showViewTab(saved?.v || app.view);
  showPreset(saved?.p || DEFAULT_PRESET, saved?.d || {});
  // The preset as it comes: its findings were linted when the page was built, so they are
  // on screen while the engine compiles (the engine lints again below, and that result is
  // the one shown from then on). Edited files, or another view, wait for the engine.
  const built = builtFindings();
  if (built) {
    showReport(built.report, built.services, 'linted when the page was built');
    document.body.classList.remove('loading');
    await nextPaint();
    mark('findings');
    app.timings.ready = performance.now();
  }
  await engine;
  engineReady = true;
  mark('engine');
  $('#version').textContent = `v${gg.version()}`;
  for (const b of document.querySelectorAll('.view-tab')) b.onclick = () => setView(b.dataset.view);
  $('#share').onclick = share;
  $('#add-file').onclick = openAddFile;
  $('#add-form').onsubmit = addFile;
  $('#add-cancel').onclick = () => ($('#add-form').hidden = true);
  runLint();
  scheduleSave();
  mark('first lint');
  if (saved?.s && saved.s !== app.service && app.services.some((s) => s.name === saved.s)) {
    app.service = saved.s;
    renderServices();
    renderView();
  }
  if (saved?.f && saved.f in app.files) showFile(saved.f);
  document.body.classList.remove('loading');
  // The engine's first result on screen: after the next frame. Without findings from the
  // build, the page is ready then.
  await nextPaint();
  mark('painted');
  app.timings.ready ??= performance.now();
  app.starting = false;
  await loadEditors();
  editorOf(app.file)?.requestMeasure();
  mark('editor');
  document.body.dataset.ready = '1';
  if ('serviceWorker' in navigator && window.isSecureContext) {
    navigator.serviceWorker.register('sw.js').catch(() => { /* offline reload is a bonus */ });
  }
}

main().catch((err) => {
  setStatus('error', 'failed to start', String(err.message || err));
  document.body.classList.remove('loading');
});
