/**
 * The JSON configuration file (`--config <file>`). Read here rather than by convict so that each
 * problem names the file, unknown keys get a "did you mean", and a JSON syntax error never echoes
 * the file's content (it may hold a secret).
 *
 * A key named `//` is a comment at any level, as in npm's package.json: JSON has no comments and
 * an example file needs some.
 */
import { readFileSync } from 'node:fs';
import leven from 'leven';
import { configKeys, isSetting, keyAt as configKeyAt, type ConfigKey } from './keys.js';
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
      const expected = jsonTypeProblem(configKeyAt(path), value);
      // Left out when its type is wrong: the value checks would only add a second, vaguer line.
      if (expected) report(expected);
      else out[name] = value;
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
    paths.find((p) => leven(p, path) <= 2) ??
    paths.find((p) => last(p) === last(path));
  return close ? ` (did you mean "${close}"?)` : '';
}

/** The JSON types a key accepts in the file: its own, and a string wherever the environment's text form works too. */
function acceptedTypes(key: ConfigKey): { types: readonly string[]; wanted: string } | undefined {
  const { format } = key;
  if (format === String || Array.isArray(format) || ['account-id', 'url', 'source'].includes(String(format))) {
    return { types: ['string'], wanted: 'a string (in quotes)' };
  }
  switch (format) {
    case 'flag':
      return { types: ['boolean', 'string'], wanted: 'true or false' };
    case 'int-range':
      return { types: ['number', 'string'], wanted: 'a number' };
    case 'duration':
      return { types: ['string', 'number'], wanted: 'a duration in quotes, such as "5m"' };
    case 'skill-ids':
      return { types: ['array', 'string'], wanted: 'a list of skill ids in quotes, such as ["1234", "5678"]' };
    default:
      return undefined;
  }
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

const TYPE_NAMES: Readonly<Record<string, string>> = {
  number: 'a number',
  string: 'a string',
  boolean: 'a boolean',
  array: 'a list',
  object: 'an object',
  null: 'null',
};

/** `"liveperson.accountId" must be a string (in quotes), not a number (12345)`, or undefined when the type fits. */
function jsonTypeProblem(key: ConfigKey, value: unknown): string | undefined {
  const accepted = acceptedTypes(key);
  const type = jsonType(value);
  if (!accepted || accepted.types.includes(type)) return undefined;
  const shown = key.sensitive || type === 'object' || type === 'array' ? '' : ` (${JSON.stringify(value)})`;
  return `"${key.path}" must be ${accepted.wanted}, not ${TYPE_NAMES[type] ?? type}${shown}`;
}
