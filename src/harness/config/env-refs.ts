/**
 * Variable references in Compose interpolation syntax (also used by ${VAR} references in configs):
 * `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?error}`, `${VAR?error}`,
 * `${VAR:+alt}`, `${VAR+alt}`, nested in defaults, `$$` escaping. A reference without a default is required.
 */
export interface VariableRef {
  name: string;
  required: boolean;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

/** The end of a `${...}` body starting at `i` (after the operator), honouring nested `${...}`. */
function closing(text: string, i: number): number {
  let depth = 1;
  for (let j = i; j < text.length; j += 1) {
    if (text[j] === '$' && text[j + 1] === '{') {
      depth += 1;
      j += 1;
    } else if (text[j] === '}' && --depth === 0) return j;
  }
  return text.length;
}

export function interpolations(text: string, optional = false): VariableRef[] {
  const refs: VariableRef[] = [];
  for (let i = 0; i < text.length; i += 1) {
    if (text[i] !== '$') continue;
    if (text[i + 1] === '$') {
      i += 1;
      continue;
    }
    if (text[i + 1] !== '{') {
      const name = NAME.exec(text.slice(i + 1))?.[0];
      if (name) refs.push({ name, required: !optional });
      continue;
    }
    const name = NAME.exec(text.slice(i + 2))?.[0];
    if (!name) continue;
    const after = i + 2 + name.length;
    const op = /^(:-|-|:\?|\?|:\+|\+)?/.exec(text.slice(after))?.[0] ?? '';
    const end = closing(text, after + op.length);
    const inner = text.slice(after + op.length, end);
    const hasDefault = op === ':-' || op === '-' || op === ':+' || op === '+';
    refs.push({ name, required: !optional && !hasDefault });
    if (op !== ':?' && op !== '?') refs.push(...interpolations(inner, true));
    i = end;
  }
  return refs;
}

/** Every string of a parsed YAML/JSON value, with its dotted path. */
export function strings(value: unknown, path: string[] = []): { path: string[]; value: string }[] {
  if (typeof value === 'string') return [{ path, value }];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, [...path, String(i)]));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => strings(v, [...path, k]));
  return [];
}

export type ReferenceMap = Map<string, { required: boolean; where: string[] }>;

export function addRefs(map: ReferenceMap, refs: VariableRef[], where: string): void {
  for (const ref of refs) {
    const entry = map.get(ref.name) ?? { required: false, where: [] };
    entry.required ||= ref.required;
    if (!entry.where.includes(where)) entry.where.push(where);
    map.set(ref.name, entry);
  }
}
