import { request, type Dispatcher } from 'undici';
import { describeProxyFailure, EgressAgent } from '../proxy/dispatcher.js';
import { snippet } from '../secrets.js';
import { LivePersonError, type LivePersonApi, type LivePersonErrorKind } from './errors.js';
import { ACCEPT_ENCODING, readCapped } from './read-body.js';

/** One HTTP request, everything explicit: no defaults hide a missing timeout. */
export interface HttpRequestOptions {
  readonly api: LivePersonApi;
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  /** Whole-request budget in ms (connect, headers and body). */
  readonly timeoutMs: number;
  /** Aborts the request (shutdown): the promise then rejects with the signal's reason, not a LivePersonError. */
  readonly signal?: AbortSignal;
  /** The undici Agent/Pool to use; undici's global dispatcher otherwise. */
  readonly dispatcher?: Dispatcher;
  /** Most bytes read from the answer, after decompression (default: the API's MAX_ANSWER_BYTES). */
  readonly maxBytes?: number;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The whole body (at most the cap), always read so undici can reuse the connection. */
  readonly text: string;
}

const DEFAULT_HEADERS: Readonly<Record<string, string>> = { 'accept-encoding': ACCEPT_ENCODING };
const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT']);

/**
 * Sends one request and reads the whole body. Rejects with a LivePersonError of kind `timeout`
 * or `network_error` when no answer arrives; any HTTP status resolves (see {@link statusError}).
 */
export async function httpRequest(options: HttpRequestOptions): Promise<HttpResponse> {
  const caller = options.signal;
  caller?.throwIfAborted();
  // One controller, a plain timer and a listener, rather than AbortSignal.timeout and
  // AbortSignal.any: those cost a timer object and a composite signal (weakly tracked until
  // collected) per request, which shows at thousands of NHT pages a poll.
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
  }, options.timeoutMs);
  const onAbort = (): void => controller.abort(caller!.reason);
  caller?.addEventListener('abort', onAbort, { once: true });
  try {
    const res = await request(options.url, {
      method: options.method,
      headers: options.headers ? { 'accept-encoding': ACCEPT_ENCODING, ...options.headers } : DEFAULT_HEADERS,
      body: options.body,
      signal: controller.signal,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      dispatcher: options.dispatcher,
    });
    const encoding = res.headers['content-encoding'];
    const text = await readCapped(res.body, {
      api: options.api,
      maxBytes: options.maxBytes,
      contentEncoding: Array.isArray(encoding) ? encoding.join(',') : encoding,
    });
    return { status: res.statusCode, headers: res.headers, text };
  } catch (err) {
    if (caller?.aborted) throw caller.reason;
    if (err instanceof LivePersonError) throw err;
    const code = errorCode(err);
    const isTimeout = timedOut || (code !== undefined && TIMEOUT_CODES.has(code));
    const where = `${options.method} ${options.url}`;
    throw new LivePersonError({
      api: options.api,
      kind: isTimeout ? 'timeout' : 'network_error',
      message: isTimeout
        ? `${options.api} request ${where} timed out after ${options.timeoutMs} ms${throughProxy(options)}`
        : `${options.api} request ${where} failed: ${describeProxyFailure(options.dispatcher, options.url, err) ?? describeError(err)}`,
      cause: err,
    });
  } finally {
    clearTimeout(timer);
    caller?.removeEventListener('abort', onAbort);
  }
}

/**
 * The body of an answer as JSON: the one JSON parse of every LivePerson API. An unreadable body
 * is a `bad_response` (retried like a server error), described by `what` ("NHT response").
 */
export function jsonBody(api: LivePersonApi, res: HttpResponse, what: string): unknown {
  try {
    return JSON.parse(res.text);
  } catch {
    throw new LivePersonError({ api, kind: 'bad_response', status: res.status, message: `${what} is not valid JSON (${res.text.length} bytes)` });
  }
}

/**
 * The error for a non-2xx answer: kind from the status, and whatever LivePerson said about it
 * (`causes`, `message`, `reason`, `error`, `error_description`) in the message.
 */
export function statusError(api: LivePersonApi, res: HttpResponse, now: number = Date.now()): LivePersonError {
  const kind = statusKind(res.status);
  const said = explainBody(res.text, header(res, 'content-type'));
  const retryAfterMs = kind === 'throttled' ? parseRetryAfter(header(res, 'retry-after'), now) : undefined;
  const parts = [`${api} request failed: HTTP ${res.status}`];
  if (said.text) parts.push(said.text);
  if (retryAfterMs !== undefined) parts.push(`retry after ${retryAfterMs} ms`);
  return new LivePersonError({
    api,
    kind,
    status: res.status,
    message: parts.join('; '),
    ...(said.causes && { causes: said.causes }),
    ...(retryAfterMs !== undefined && { retryAfterMs }),
  });
}

/** Maps an HTTP status to the kind of failure the retry policy acts on. */
export function statusKind(status: number): LivePersonErrorKind {
  if (status === 429) return 'throttled';
  if (status === 401) return 'unauthorized';
  if (status === 408) return 'timeout';
  if (status >= 500 && status <= 599) return 'server_error';
  if (status >= 400 && status <= 499) return 'client_error';
  return 'bad_response';
}

/** `Retry-After` as delay-seconds or an HTTP date, in ms from `now`; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  // An HTTP date always names the day and month; Date.parse alone would read "-3" as a year.
  const date = /[a-z]{3}/i.test(trimmed) ? Date.parse(trimmed) : NaN;
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** A response header as one string (the first value when repeated). */
export function header(res: HttpResponse, name: string): string | undefined {
  const value = res.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

const MAX_EXPLANATION = 500;
const MAX_FIELD = 200;
const MAX_CAUSES = 10;
/** The fields of LivePerson's (and OAuth 2.0's) error answers that a message may quote. */
const ERROR_FIELDS = ['error', 'error_description', 'reason', 'message'] as const;

/**
 * What an error message may carry from a response body: only the fields of LivePerson's own
 * error shape (`error`, `error_description`, `reason`, `message`, `causes`), each cut to 200
 * characters after scrubbing. A body of any other shape is described by its size alone: a raw
 * body can be a proxy's or WAF's page echoing the request, and the token endpoint's request
 * carries the client secret.
 */
function explainBody(text: string, contentType: string | undefined): { text: string; causes?: string[] } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    if (text.trim() === '') return { text: '' };
    const type = contentType ? `, ${snippet(contentType.split(';')[0]!.trim(), 60)}` : '';
    return { text: `body not shown (${Buffer.byteLength(text)} bytes${type}, not a LivePerson error object)` };
  }
  const obj = json as Record<string, unknown>;
  const causes = Array.isArray(obj['causes']) ? obj['causes'].slice(0, MAX_CAUSES).map(causeText) : undefined;
  const parts: string[] = [];
  for (const key of ERROR_FIELDS) {
    const v = obj[key];
    if (typeof v === 'string' && v) parts.push(`${key}: ${snippet(v, MAX_FIELD)}`);
    else if (typeof v === 'number') parts.push(`${key}: ${v}`);
  }
  if (causes?.length) parts.push(`causes: ${causes.join('; ')}`);
  const explanation = snippet(parts.join('; '), MAX_EXPLANATION);
  return causes ? { text: explanation, causes } : { text: explanation };
}

function causeText(cause: unknown): string {
  if (typeof cause === 'string') return snippet(cause, MAX_FIELD);
  if (typeof cause === 'object' && cause !== null) {
    const c = cause as Record<string, unknown>;
    for (const key of ['message', 'description', 'reason', 'error']) if (typeof c[key] === 'string') return snippet(c[key], MAX_FIELD);
  }
  return typeof cause === 'number' || typeof cause === 'boolean' ? String(cause) : '(a cause of another shape)';
}

function throughProxy(options: HttpRequestOptions): string {
  const proxy = options.dispatcher instanceof EgressAgent ? options.dispatcher.proxyShownFor(options.url) : undefined;
  return proxy ? ` (through the proxy ${proxy})` : '';
}

function errorCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  const cause = (err as { cause?: unknown }).cause;
  return cause === err ? undefined : errorCode(cause);
}

function describeError(err: unknown): string {
  const code = errorCode(err);
  const message = err instanceof Error ? err.message : String(err);
  return code && !message.includes(code) ? `${code} ${message}` : message;
}
