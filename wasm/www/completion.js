// Key and value completion for k8app values, from the JSON Schema the engine
// generates (`schema()`): the key path at the cursor is read from indentation.

/** Follows `$ref` and merges `allOf`/`anyOf`/`oneOf` alternatives. */
function resolve(root, node, depth = 0) {
  if (!node || typeof node !== 'object' || depth > 20) return {};
  if (node.$ref) {
    const target = node.$ref
      .replace(/^#\//, '')
      .split('/')
      .reduce((n, part) => (n ? n[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined), root);
    return resolve(root, { ...target, ...node, $ref: undefined }, depth + 1);
  }
  const alternatives = [...(node.allOf || []), ...(node.anyOf || []), ...(node.oneOf || [])];
  if (!alternatives.length) return node;
  const merged = { ...node, properties: { ...(node.properties || {}) } };
  for (const alt of alternatives.map((a) => resolve(root, a, depth + 1))) {
    Object.assign(merged.properties, alt.properties || {});
    merged.items ??= alt.items;
    merged.additionalProperties ??= alt.additionalProperties;
    merged.enum ??= alt.enum;
    merged.type ??= alt.type;
  }
  return merged;
}

/** The schema node at a key path (`[]` stands for a sequence item). */
export function schemaAt(root, path) {
  let node = resolve(root, root);
  for (const segment of path) {
    if (segment === '[]') node = resolve(root, node.items);
    else if (node.properties && node.properties[segment]) node = resolve(root, node.properties[segment]);
    else if (node.additionalProperties && typeof node.additionalProperties === 'object')
      node = resolve(root, node.additionalProperties);
    else return null;
  }
  return node;
}

const LINE = /^(\s*)(-\s+)?(?:("[^"]*"|'[^']*'|[^\s:#'"][^:#]*?)\s*:(?:\s|$))?/;

/** The key path of the mapping that holds a key at `indent` before line `lineNo`. */
export function parentPath(doc, lineNo, indent, inItem) {
  const path = inItem ? ['[]'] : [];
  let want = indent;
  for (let n = lineNo - 1; n >= 1 && want > 0; n--) {
    const text = doc.line(n).text;
    if (!text.trim() || text.trimStart().startsWith('#')) continue;
    const m = LINE.exec(text);
    const ind = m[1].length;
    const content = ind + (m[2] ? m[2].length : 0);
    const key = m[3] && m[3].replace(/^["']|["']$/g, '');
    if (m[2] && content === want) {
      // a sibling key that opens the same sequence item
      path.unshift('[]');
      want = ind;
    } else if (m[2] && content < want) {
      if (key) path.unshift(key);
      path.unshift('[]');
      want = ind;
    } else if (!m[2] && ind < want && key) {
      path.unshift(key);
      want = ind;
    }
  }
  return path;
}

function describe(node) {
  const type = Array.isArray(node.type) ? node.type.join(' | ') : node.type;
  return type || (node.properties ? 'object' : '');
}

/** A CodeMirror completion source over `getSchema()`. */
export function schemaCompletion(getSchema) {
  return (context) => {
    const schema = getSchema();
    if (!schema) return null;
    const line = context.state.doc.lineAt(context.pos);
    const before = line.text.slice(0, context.pos - line.from);
    const key = /^(\s*)(-\s+)?([A-Za-z0-9_.-]*)$/.exec(before);
    if (key) {
      if (!context.explicit && !key[3] && !key[2]) return null;
      const indent = key[1].length + (key[2] ? key[2].length : 0);
      const path = parentPath(context.state.doc, line.number, indent, !!key[2]);
      const node = schemaAt(schema, path);
      if (!node || !node.properties) return null;
      return {
        from: context.pos - key[3].length,
        validFor: /^[A-Za-z0-9_.-]*$/,
        options: Object.entries(node.properties).map(([name, prop]) => {
          const p = resolve(schema, prop);
          const block = p.properties || p.items || p.type === 'object' || p.type === 'array';
          return {
            label: name,
            type: 'property',
            detail: describe(p),
            info: p.description || undefined,
            apply: block ? `${name}:\n${' '.repeat(indent + 2)}` : `${name}: `,
          };
        }),
      };
    }
    const value = /^(\s*)(-\s+)?([A-Za-z0-9_.-]+):\s+([A-Za-z0-9_.-]*)$/.exec(before);
    if (!value) return null;
    const indent = value[1].length + (value[2] ? value[2].length : 0);
    const path = [...parentPath(context.state.doc, line.number, indent, !!value[2]), value[3]];
    const node = schemaAt(schema, path);
    if (!node) return null;
    const types = [node.type].flat();
    const choices = node.enum || (types.includes('boolean') ? [true, false] : null);
    if (!choices) return null;
    return {
      from: context.pos - value[4].length,
      options: choices.map((c) => ({ label: String(c), type: 'enum' })),
    };
  };
}
