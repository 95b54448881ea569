/**
 * The JSON configuration file (`--config <file>`). Read here rather than by convict so that each
 * problem names the file, unknown keys get a "did you mean", and a JSON syntax error never echoes
 * the file's content (it may hold a secret).
 *
 * A key named `//` is a comment at any level, as in npm's package.json: JSON has no comments and
 * an example file needs some.
 */
import { readFileSync } from 'node:fs';
import { configKeys, isSetting } from './keys.js';
import { ioReason } from './messages.js';
import { schema } from './schema.js';

/**
 * `data` is what can be loaded: the file without comments and without the keys it should not
 * have, so that the values of the rest are still checked and reported in the same run.
 */
export interface FileResult {
  data: Record<string, unknown> | undefined;
  errors: string[];
}

export const COMMENT_KEY = '//';

type Node = Readonly<Record<string, unknown>>;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads, parses and checks the shape of a configuration file; its values are checked later, with the other sources. */
export function readConfigFile(path: string): FileResult {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return { data: undefined, errors: [`${path}: cannot read the configuration file: ${ioReason(error)}`] };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return { data: undefined, errors: [`${path}: not valid JSON${where(text, error)}`] };
  }
  if (!isObject(parsed)) return { data: undefined, errors: [`${path}: must hold a JSON object, such as {"poll": {"interval": "5m"}}`] };
  const errors: string[] = [];
  const data = checkShape(parsed, schema, '', (problem) => errors.push(`${path}: ${problem}`));
  return { data, errors };
}

/** ` at line 3, column 7` from V8's "at position N" (worded differently across Node versions, so only the number is used). */
function where(text: string, error: unknown): string {
  const match = /at position (\d+)/.exec(error instanceof Error ? error.message : '');
  if (!match) return '';
  const before = text.replace(/^\uFEFF/, '').slice(0, Number(match[1]));
  const lines = before.split('\n');
  return ` at line ${lines.length}, column ${(lines.at(-1)?.length ?? 0) + 1}`;
}

/** Copies the file's object without comments, reporting keys the schema does not have and groups given as plain values. */
function checkShape(data: Record<string, unknown>, node: Node, prefix: string, report: (p: string) => void): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(data)) {
    if (name === COMMENT_KEY) continue;
    const path = prefix ? `${prefix}.${name}` : name;
    const child = Object.hasOwn(node, name) ? node[name] : undefined;
    if (child === undefined) {
      report(`unknown key "${path}"${suggest(path)}`);
    } else if (isSetting(child)) {
      out[name] = value;
    } else if (!isObject(value)) {
      report(`"${path}" must be an object holding its settings (${Object.keys(child as Node).join(', ')})`);
    } else {
      out[name] = checkShape(value, child as Node, path, report);
    }
  }
  return out;
}

/** ` (did you mean "poll.interval"?)` for a misspelt or misplaced key, or nothing. */
function suggest(path: string): string {
  const paths = configKeys().map((k) => k.path);
  const last = (p: string): string => p.slice(p.lastIndexOf('.') + 1).toLowerCase();
  const close =
    paths.find((p) => p.toLowerCase() === path.toLowerCase()) ??
    paths.find((p) => distance(p, path) <= 2) ??
    paths.find((p) => last(p) === last(path));
  return close ? ` (did you mean "${close}"?)` : '';
}

/** Levenshtein distance: small enough strings that the plain table is fine. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
