/**
 * The secret scrubber: every credential the exporter holds is registered here once, and every
 * text that leaves the process (log lines, error messages, the `/` page, label values) passes
 * through `scrub()`. A credential can come back from a server in another shape than it was
 * sent, so each one is matched in every form it is known to return in:
 *
 * - raw, URL-encoded (upper- or lower-case hex), form-encoded (`+` for a space), JSON-escaped
 *   (once and twice, for a JSON log line quoting an echoed JSON body), base64 and base64url
 *   (at each of the three byte alignments, so `Basic base64(user:password)` is caught too);
 * - a header value's credential part: `Bearer <token>` registers `<token>` on its own, and
 *   `Basic <base64>` also registers the decoded `user:password` and the password;
 * - a cut-off prefix (at least {@link MIN_PREFIX} characters) where a text was cut: at its end,
 *   before `…`, or before the `"` that closes a JSON string.
 *
 * Values shorter than {@link MIN_SECRET} characters are not registered: they would blank ordinary
 * words. Registration is idempotent and cheap; register a credential as soon as it is read.
 */

export const REDACTED = '[REDACTED]';
/** Shorter values are not treated as secrets. */
export const MIN_SECRET = 6;
/** Shortest cut-off prefix of a secret that is redacted: shorter ones are too often ordinary words. */
export const MIN_PREFIX = 6;
const ELLIPSIS = '…';

const registered = new Set<string>();
/** Values registered under a slot (a credential that is replaced over time), newest last. */
const slots = new Map<string, string[]>();
/** How many values of one slot stay registered: the current one and the one before it. */
const SLOT_KEEP = 2;
/** Every form of every registered secret, longest first so a longer form is replaced before a part of it. */
let forms: string[] = [];

/**
 * Registers a credential: the value itself, every encoding of it listed above, and, for a header
 * value of the form `<scheme> <credentials>`, the credentials part on its own.
 * Use it for client secrets, tokens, OTLP header values and proxy passwords alike. A credential
 * that is replaced over time (an access token, a rotated secret) is registered under a `slot`:
 * only the last two values of a slot are kept, so the scrubber does not grow for ever.
 */
export function registerSecret(value: string | undefined | null, slot?: string): void {
  if (!value || value.length < MIN_SECRET) return;
  if (slot !== undefined) {
    // A credential replaced over time (an access token every hour): keep the last few, not all.
    const values = (slots.get(slot) ?? []).filter((v) => v !== value);
    values.push(value);
    slots.set(slot, values.slice(-SLOT_KEEP));
    rebuild();
    return;
  }
  const parts = headerCredentials(value);
  for (const part of [value, ...parts]) {
    if (part.length < MIN_SECRET || registered.has(part)) continue;
    registered.add(part);
    for (const form of formsOf(part)) if (form.length >= MIN_SECRET) forms.push(form);
  }
  forms = [...new Set(forms)].sort((a, b) => b.length - a.length);
}

function rebuild(): void {
  const all = new Set<string>();
  for (const value of [...registered, ...[...slots.values()].flat()]) {
    for (const part of [value, ...headerCredentials(value)]) {
      if (part.length < MIN_SECRET) continue;
      for (const form of formsOf(part)) if (form.length >= MIN_SECRET) all.add(form);
    }
  }
  forms = [...all].sort((a, b) => b.length - a.length);
}

/**
 * Registers the credentials a URL carries (`http://user:password@proxy:3128`): the password and
 * `user:password` (a user name alone is no secret). Harmless for a URL without any.
 */
export function registerUrlCredentials(url: string | undefined | null): void {
  if (!url) return;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return;
  }
  const user = safeDecode(parsed.username);
  const password = safeDecode(parsed.password);
  if (password) {
    registerSecret(password);
    registerSecret(`${user}:${password}`);
  }
}

/** Replaces every form of every registered secret in the text, and any cut-off prefix of one. */
export function scrub(text: string): string {
  if (forms.length === 0 || text.length === 0) return text;
  let out = text;
  for (const form of forms) if (out.includes(form)) out = out.split(form).join(REDACTED);
  return scrubPrefixes(out);
}

/**
 * A text cut to at most `max` characters for a message: scrubbed first (so a cut can never leave
 * the front part of a secret behind), then cut and marked with `…`.
 */
export function snippet(text: string, max: number): string {
  const clean = scrub(text);
  if (clean.length <= max) return clean;
  return scrub(clean.slice(0, Math.max(0, max - 1))) + ELLIPSIS;
}

/** Forgets every registered secret (tests only: registrations are process-wide). */
export function clearSecretsForTests(): void {
  registered.clear();
  slots.clear();
  forms = [];
}

function formsOf(secret: string): string[] {
  const uri = encodeURIComponent(secret);
  const form = new URLSearchParams({ s: secret }).toString().slice(2);
  const json = JSON.stringify(secret).slice(1, -1);
  const out = [secret, uri, lowerHex(uri), encodeURI(secret), form, lowerHex(form), json, json.replaceAll('/', '\\/'), JSON.stringify(json).slice(1, -1)];
  const bytes = Buffer.from(secret, 'utf8');
  for (const core of base64Cores(bytes)) out.push(core, core.replaceAll('+', '-').replaceAll('/', '_'));
  return out;
}

/**
 * The part of base64(prefix + secret + suffix) that depends on the secret alone, for a prefix of
 * 0, 1 and 2 bytes: a secret inside a larger encoded value (Basic auth) shows one of these three.
 */
function base64Cores(bytes: Buffer): string[] {
  const cores: string[] = [];
  for (let k = 0; k < 3; k += 1) {
    const encoded = Buffer.concat([Buffer.alloc(k), bytes]).toString('base64');
    const from = Math.ceil((4 * k) / 3);
    const to = Math.floor((8 * (k + bytes.length)) / 6);
    cores.push(encoded.slice(from, to));
  }
  // A secret encoded on its own, with its padding, is the common case: match it whole.
  cores.push(bytes.toString('base64'));
  return cores;
}

function lowerHex(encoded: string): string {
  return encoded.replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase());
}

/** `Bearer abc` → `abc`; `Basic <b64>` → also `user:password` and `password`. */
function headerCredentials(value: string): string[] {
  const m = /^([A-Za-z][A-Za-z0-9_-]*)\s+(\S.*)$/s.exec(value.trim());
  if (!m) return [];
  const [, scheme, credentials] = m as unknown as [string, string, string];
  const out = [credentials];
  if (scheme.toLowerCase() === 'basic' && /^[A-Za-z0-9+/=]+$/.test(credentials)) {
    const decoded = Buffer.from(credentials, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0) out.push(decoded, decoded.slice(colon + 1));
  }
  return out;
}

/** Redacts a trailing prefix of any form at the places a text is cut: its end, `…`, and a closing `"`. */
function scrubPrefixes(text: string): string {
  let out = text;
  for (const cut of cutPoints(out).reverse()) {
    let longest = 0;
    for (const form of forms) {
      const n = prefixEndingAt(out, cut, form);
      if (n > longest) longest = n;
    }
    if (longest > 0) out = out.slice(0, cut - longest) + REDACTED + out.slice(cut);
  }
  return out;
}

function cutPoints(text: string): number[] {
  const points: number[] = [];
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (c === ELLIPSIS || c === '"') points.push(i);
  }
  points.push(text.length);
  return points;
}

/** Length of the longest proper prefix of `form` (at least MIN_PREFIX long) that ends at `end` in `text`. */
function prefixEndingAt(text: string, end: number, form: string): number {
  const last = text[end - 1];
  if (last === undefined) return 0;
  for (let n = Math.min(form.length - 1, end); n >= MIN_PREFIX; n -= 1) {
    if (form[n - 1] !== last) continue;
    if (text.startsWith(form.slice(0, n), end - n)) return n;
  }
  return 0;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
