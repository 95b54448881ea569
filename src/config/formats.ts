/**
 * The custom convict formats of the schema. Each one turns the text of an environment variable
 * or flag into its typed value (coerce) and says in plain words what it expects (validate).
 *
 * A coerce function never throws: convict runs it while it reads the environment, where an
 * exception would abort loading with no key attached. It hands back the raw text instead, and
 * validate then rejects it with a message that names the key.
 */
import convict from 'convict';
import { formatDuration, parseDuration } from './duration.js';
import { headerProblem, parseKeyValueList, type KeyValueEntry } from './key-value-list.js';

/** Schema properties the formats below read, beside convict's own (`default`, `env`, ...). */
export interface FormatOptions {
  /** int-range: smallest accepted value. duration: shortest accepted duration, ms. */
  min?: number;
  /** int-range: largest accepted value. */
  max?: number;
  /** duration: values must be strictly shorter than this, ms. */
  below?: number;
  /** url: the empty string is accepted (it means "discover it"). */
  allowEmpty?: boolean;
}

/** The schema item convict hands to validate, with the options above. */
type Spec = convict.SchemaObj & FormatOptions;

const SKILL_ID = /^\d{1,19}$/;
const ORIGINATOR = /^[A-Za-z0-9_]{1,20}$/;
const ACCOUNT_ID = /^[A-Za-z0-9]{1,32}$/;

function fail(message: string): never {
  throw new Error(message);
}

/** Booleans from the environment: `NHT_DEMO=0` must mean false, not "a non-empty string". */
const flag: convict.Format = {
  name: 'flag',
  coerce: (text: string) => {
    const t = text.trim().toLowerCase();
    if (['true', '1', 'yes', 'on'].includes(t)) return true;
    if (['false', '0', 'no', 'off', ''].includes(t)) return false;
    return text;
  },
  validate: (value: unknown) => {
    if (typeof value !== 'boolean') fail('must be true or false');
  },
};

const duration: convict.Format = {
  name: 'duration',
  coerce: (text: string) => parseDuration(text) ?? text,
  validate: (value: unknown, schema: Spec) => {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
      fail('must be a duration such as 30s, 5m or 1h');
    }
    if (schema.min !== undefined && value < schema.min) fail(`must be at least ${formatDuration(schema.min)}`);
    if (schema.below !== undefined && value >= schema.below) fail(`must be less than ${formatDuration(schema.below)}`);
  },
};

const intRange: convict.Format = {
  name: 'int-range',
  coerce: (text: string) => (/^\s*-?\d+\s*$/.test(text) ? Number(text) : text),
  validate: (value: unknown, schema: Spec) => {
    const min = schema.min ?? 0;
    const max = schema.max ?? Number.MAX_SAFE_INTEGER;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      fail(`must be an integer from ${min} to ${max}`);
    }
  },
};

/** `LP_SKILL_IDS=11,12` → ['11', '12']; ids stay strings because the API sends them as strings. */
const skillIds: convict.Format = {
  name: 'skill-ids',
  coerce: (text: string) => {
    const ids = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
    return ids.every((id) => SKILL_ID.test(id)) ? ids : text;
  },
  validate: (value: unknown) => {
    if (!Array.isArray(value) || !value.every((id) => typeof id === 'string' && SKILL_ID.test(id))) {
      fail('must be numeric skill ids separated by commas, such as 1234,5678');
    }
  },
};

/** Who calls, sent as the NHT API's `source` field: at most 20 characters; a sibling API only accepts [A-Za-z0-9_]. */
const originator: convict.Format = {
  name: 'originator',
  validate: (value: unknown) => {
    if (typeof value !== 'string' || !ORIGINATOR.test(value)) fail('must be 1 to 20 letters, digits or underscores');
  },
};

/** Account ids go into URL paths: letters and digits only, or empty (demo mode needs none). */
const accountId: convict.Format = {
  name: 'account-id',
  validate: (value: unknown) => {
    if (typeof value !== 'string' || (value !== '' && !ACCOUNT_ID.test(value))) {
      fail('must be letters and digits only, such as 12345678');
    }
  },
};

const url: convict.Format = {
  name: 'url',
  validate: (value: unknown, schema: Spec) => {
    const expected = schema.allowEmpty ? 'must be an http or https URL or empty' : 'must be an http or https URL';
    if (typeof value !== 'string') fail(expected);
    if (value === '' && schema.allowEmpty) return;
    if (!isHttpUrl(value)) fail(expected);
  },
};

/** A `key1=value1,key2=value2` list (values percent-encoded) whose entries also pass `check`. */
function listFormat(name: string, check: (entries: readonly KeyValueEntry[]) => string | undefined = () => undefined): convict.Format {
  return {
    name,
    validate: (value: unknown) => {
      if (typeof value !== 'string') fail('must be key=value pairs separated by commas');
      const parsed = parseKeyValueList(value);
      if (!parsed.ok) fail(parsed.error);
      const problem = check(parsed.entries);
      if (problem !== undefined) fail(problem);
    },
  };
}

/** OTEL_RESOURCE_ATTRIBUTES. */
const keyValueList = listFormat('key-value-list');
/** OTEL_EXPORTER_OTLP_HEADERS: every entry must be sendable as a header. */
const headerList = listFormat('header-list', (entries) => headerProblem(entries));

/**
 * Formats whose messages point at the wrong entry by its position and never quote the value: a
 * header list usually carries an API key, and a broken entry may be nothing but the key.
 */
export const POSITIONAL_FORMATS: ReadonlySet<string> = new Set(['key-value-list', 'header-list']);

function isHttpUrl(text: string): boolean {
  try {
    const parsed = new URL(text);
    return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.hostname !== '';
  } catch {
    return false;
  }
}

/** Every custom format by name, for convict and for the validator that words the messages. */
export const FORMATS: Readonly<Record<string, convict.Format>> = Object.fromEntries(
  [flag, duration, intRange, skillIds, originator, accountId, url, keyValueList, headerList].map((f) => [f.name, f]),
);

/**
 * Makes the formats known to convict. Convict keeps formats in a module-wide table, so this is
 * the one unavoidable side effect of the config module; it is idempotent.
 */
export function registerFormats(): void {
  convict.addFormats(FORMATS as { [name: string]: convict.Format });
}
