/**
 * The `key1=value1,key2=value2` lists of OTEL_EXPORTER_OTLP_HEADERS and OTEL_RESOURCE_ATTRIBUTES:
 * the W3C Baggage notation without its `;` properties, values percent-encoded, blanks around
 * keys and values trimmed (OpenTelemetry spec, "SDK environment variables").
 */

export interface KeyValueEntry {
  readonly key: string;
  readonly value: string;
  /** 1-based position in the list as written, for messages. */
  readonly position: number;
}

export type KeyValueParse = { ok: true; entries: readonly KeyValueEntry[] } | { ok: false; error: string };

/**
 * Parses the list. Errors name the entry by position only, never its text: a header list
 * usually carries an API key, and a broken entry may be nothing but the key.
 * Empty entries (`a=1,,b=2`, a trailing comma) are skipped, as the OpenTelemetry SDKs do.
 */
export function parseKeyValueList(text: string): KeyValueParse {
  const entries: KeyValueEntry[] = [];
  for (const [index, part] of text.split(',').entries()) {
    if (part.trim() === '') continue;
    const position = index + 1;
    const eq = part.indexOf('=');
    if (eq < 0) return { ok: false, error: `entry ${position} is not key=value` };
    const key = part.slice(0, eq).trim();
    if (key === '') return { ok: false, error: `entry ${position} has an empty key` };
    let value: string;
    try {
      value = decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      return { ok: false, error: `entry ${position} has a value that is not valid percent-encoding` };
    }
    entries.push({ key, value, position });
  }
  return { ok: true, entries };
}

/** RFC 9110 token: what Node's HTTP client and gRPC accept as a header name. */
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** Control characters would make Node refuse the request at every export, long after start-up. */
const BAD_HEADER_VALUE = /[\u0000-\u0008\u000a-\u001f\u007f]/;

/**
 * What keeps a header list from being sent, naming the first such entry by position; undefined
 * when every entry can be sent. With `grpc`, binary metadata (`-bin`) is refused too.
 */
export function headerProblem(entries: readonly KeyValueEntry[], options: { grpc?: boolean } = {}): string | undefined {
  for (const { key, value, position } of entries) {
    if (!HEADER_NAME.test(key)) return `entry ${position} has a key that is not a valid header name`;
    if (BAD_HEADER_VALUE.test(value)) return `entry ${position} has a value with control characters`;
    // gRPC reserves the -bin suffix for binary metadata, which a text variable cannot carry.
    if (options.grpc && key.toLowerCase().endsWith('-bin')) return `entry ${position} is binary gRPC metadata (-bin), which is not supported`;
  }
  return undefined;
}

/**
 * The entries of a list the configuration accepted (its format checked it, so it parses; were it
 * not to, there would be no entries rather than a failure long after start-up).
 */
export function acceptedEntries(text: string): readonly KeyValueEntry[] {
  const parsed = parseKeyValueList(text);
  return parsed.ok ? parsed.entries : [];
}

/** Header entries as a record with lower-case names (gRPC metadata requires them; HTTP does not care). */
export function toHeaders(entries: readonly KeyValueEntry[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const { key, value } of entries) headers[key.toLowerCase()] = value;
  return headers;
}

/** Attribute entries as a record; a later entry wins over an earlier one with the same key. */
export function toAttributes(entries: readonly KeyValueEntry[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { key, value } of entries) out[key] = value;
  return out;
}
