/**
 * The schema as a flat list of keys (`poll.interval`, ...): the shape that validation messages,
 * the secret-file lookup, the docs and the redacted view all walk over.
 */
import { schema } from './schema.js';

/** One setting of the schema. */
export interface ConfigKey {
  /** Dotted path, e.g. `poll.interval`. */
  readonly path: string;
  readonly env: string;
  /** Flag name without the leading dashes, e.g. `poll-interval`. */
  readonly arg: string;
  readonly doc: string;
  /** The default as written in the schema (durations in ms). */
  readonly default: unknown;
  /** A custom format name, the list of allowed values, or the String constructor. */
  readonly format: unknown;
  readonly sensitive: boolean;
  /** `<ENV>_FILE`, when the value may also be read from a file. */
  readonly fileEnv: string | undefined;
  /** The whole schema item, for format options such as `min` and `max`. */
  readonly spec: Readonly<Record<string, unknown>>;
}

type Node = Readonly<Record<string, unknown>>;

/** Convict's own rule: an object with a `default` is a setting, any other object is a group. */
export function isSetting(node: unknown): node is Node {
  return typeof node === 'object' && node !== null && 'default' in node;
}

/** Every setting of the schema, in schema order. */
export function configKeys(): readonly ConfigKey[] {
  const out: ConfigKey[] = [];
  const walk = (node: Node, prefix: string): void => {
    for (const [name, child] of Object.entries(node)) {
      const path = prefix ? `${prefix}.${name}` : name;
      if (isSetting(child)) out.push(toKey(path, child));
      else walk(child as Node, path);
    }
  };
  walk(schema, '');
  return out;
}

function toKey(path: string, spec: Node): ConfigKey {
  const env = String(spec['env']);
  const sensitive = spec['sensitive'] === true;
  return {
    path,
    env,
    arg: String(spec['arg']),
    doc: String(spec['doc']),
    default: spec['default'],
    format: spec['format'],
    sensitive,
    fileEnv: spec['fromFile'] === true ? `${env}_FILE` : undefined,
    spec,
  };
}

/** The key at a dotted path; throws on a path the schema does not have (a programming error). */
export function keyAt(path: string): ConfigKey {
  const key = configKeys().find((k) => k.path === path);
  if (!key) throw new Error(`no configuration key ${path}`);
  return key;
}

/** Reads a dotted path from a nested object; undefined when any step is missing. */
export function valueAt(root: unknown, path: string): unknown {
  let node: unknown = root;
  for (const part of path.split('.')) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, part)) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}
