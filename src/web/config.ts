/**
 * The web configuration file (`--web.config.file`), in the Prometheus exporter-toolkit's format,
 * so that the file a user already has for node_exporter works here unchanged:
 *
 *   tls_server_config:    cert_file, key_file, client_auth_type, client_ca_file, client_allowed_sans,
 *                         min_version, max_version, cipher_suites, curve_preferences,
 *                         prefer_server_cipher_suites
 *   http_server_config:   headers, http2
 *   basic_auth_users:     user: <bcrypt hash>
 *
 * This module only parses and checks the text: problems come back one line each, worded like the
 * rest of the configuration (`<file>: tls_server_config.min_version: must be one of ...`). File
 * names are resolved against the web config file's folder, as the toolkit does.
 */
import { dirname, isAbsolute, resolve } from 'node:path';
import { load } from 'js-yaml';
import { CIPHER_SUITES, CLIENT_AUTH_TYPES, CURVES, TLS_VERSIONS, type ClientAuthType, type TlsVersion } from './tls-names.js';

/** TLS settings, with Go's names already mapped to Node's. */
export interface WebTlsConfig {
  readonly certFile: string;
  readonly keyFile: string;
  readonly clientAuth: ClientAuthType;
  readonly clientCaFile: string | undefined;
  /** Subject alternative names a client certificate must carry one of; empty: any verified certificate. */
  readonly clientAllowedSans: readonly string[];
  readonly minVersion: TlsVersion;
  readonly maxVersion: TlsVersion | undefined;
  /** OpenSSL names of the TLS 1.2 suites allowed; undefined: Node's defaults. */
  readonly ciphers: readonly string[] | undefined;
  /** OpenSSL names of the curves; undefined: Node's defaults. */
  readonly curves: readonly string[] | undefined;
  readonly preferServerCiphers: boolean;
}

export interface WebConfig {
  /** Undefined: plain HTTP. */
  readonly tls: WebTlsConfig | undefined;
  /** User name to bcrypt hash; empty: no basic authentication. */
  readonly users: ReadonlyMap<string, string>;
  /** Extra response headers, on every answer. */
  readonly headers: Readonly<Record<string, string>>;
  readonly http2: boolean;
}

export type WebConfigResult = { ok: true; config: WebConfig } | { ok: false; errors: string[] };

/** The configuration when no file is given: plain HTTP, no authentication. */
export const NO_WEB_CONFIG: WebConfig = { tls: undefined, users: new Map(), headers: {}, http2: false };

const TOP_KEYS = ['tls_server_config', 'http_server_config', 'basic_auth_users'] as const;
const TLS_KEYS = [
  'cert_file',
  'key_file',
  'client_auth_type',
  'client_ca_file',
  'client_allowed_sans',
  'min_version',
  'max_version',
  'cipher_suites',
  'curve_preferences',
  'prefer_server_cipher_suites',
] as const;
const HTTP_KEYS = ['headers', 'http2'] as const;

/**
 * The response headers the toolkit lets a web config set, each with the values it accepts
 * (undefined: any non-empty text). Others are refused: they would let a file break the exposition.
 */
const HEADERS: Readonly<Record<string, readonly string[] | undefined>> = {
  'Strict-Transport-Security': undefined,
  'X-Content-Type-Options': ['nosniff'],
  'X-Frame-Options': ['deny', 'sameorigin'],
  'X-XSS-Protection': undefined,
  'Content-Security-Policy': undefined,
};

/** A bcrypt hash as htpasswd -B and Go's bcrypt write it. */
const BCRYPT = /^\$2[abxy]?\$(\d\d)\$[./A-Za-z0-9]{53}$/;

type Obj = Record<string, unknown>;

function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses and checks the text of a web config file found at `path`. */
export function parseWebConfig(text: string, path: string): WebConfigResult {
  const errors: string[] = [];
  const report = (problem: string): void => void errors.push(`${path}: ${problem}`);
  // The toolkit accepts an empty file (or only comments) as "no TLS, no authentication".
  if (text.replace(/#.*$/gm, '').trim() === '') return { ok: true, config: NO_WEB_CONFIG };
  let parsed: unknown;
  try {
    parsed = load(text);
  } catch (error) {
    // js-yaml's message quotes the offending line, which may hold a hash: keep only its position.
    const mark = (error as { mark?: { line?: number; column?: number } }).mark;
    const where = mark?.line === undefined ? '' : ` at line ${mark.line + 1}, column ${(mark.column ?? 0) + 1}`;
    return { ok: false, errors: [`${path}: not valid YAML${where}`] };
  }
  if (parsed === undefined || parsed === null) return { ok: true, config: NO_WEB_CONFIG };
  if (!isObject(parsed)) return { ok: false, errors: [`${path}: must hold a YAML mapping with ${TOP_KEYS.join(', ')}`] };
  unknownKeys(parsed, TOP_KEYS, '', report);

  const base = dirname(resolve(path));
  const tls = section(parsed, 'tls_server_config', report);
  const http = section(parsed, 'http_server_config', report);
  const config: WebConfig = {
    tls: tls && tlsConfig(tls, base, report),
    users: users(parsed['basic_auth_users'], report),
    headers: http ? headers(http['headers'], report) : {},
    http2: http ? bool(http, 'http2', true, 'http_server_config', report) : false,
  };
  if (http) unknownKeys(http, HTTP_KEYS, 'http_server_config.', report);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, config };
}

function section(root: Obj, name: string, report: (p: string) => void): Obj | undefined {
  const value = root[name];
  if (value === undefined || value === null) return undefined;
  if (isObject(value)) return value;
  report(`${name}: must be a mapping of settings`);
  return undefined;
}

function unknownKeys(node: Obj, known: readonly string[], prefix: string, report: (p: string) => void): void {
  for (const name of Object.keys(node)) {
    if (known.includes(name)) continue;
    const close = known.find((k) => k.replace(/_/g, '') === name.toLowerCase().replace(/[_-]/g, ''));
    report(`unknown key "${prefix}${name}"${close ? ` (did you mean "${prefix}${close}"?)` : ''}`);
  }
}

function tlsConfig(node: Obj, base: string, report: (p: string) => void): WebTlsConfig | undefined {
  unknownKeys(node, TLS_KEYS, 'tls_server_config.', report);
  const at = (key: string): string => `tls_server_config.${key}`;
  const file = (key: string): string | undefined => {
    const value = node[key];
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value !== 'string') {
      report(`${at(key)}: must be the path of a file, got ${JSON.stringify(value)}`);
      return undefined;
    }
    return isAbsolute(value) ? value : resolve(base, value);
  };
  const certFile = file('cert_file');
  const keyFile = file('key_file');
  if (!certFile) report(`${at('cert_file')}: required: the server certificate (PEM)`);
  if (!keyFile) report(`${at('key_file')}: required: the server certificate's private key (PEM)`);
  const clientCaFile = file('client_ca_file');

  const authName = oneOf(node, 'client_auth_type', Object.keys(CLIENT_AUTH_TYPES), report);
  // As in the toolkit: a client CA without a policy means "verify every client".
  const clientAuth: ClientAuthType = (authName as ClientAuthType | undefined) ?? (clientCaFile ? 'RequireAndVerifyClientCert' : 'NoClientCert');
  if (CLIENT_AUTH_TYPES[clientAuth].verify && !clientCaFile) {
    report(`${at('client_auth_type')}: ${clientAuth} needs client_ca_file, the CA that signs the client certificates`);
  }
  if (clientCaFile && clientAuth === 'NoClientCert') {
    report(`${at('client_ca_file')}: is set but client_auth_type is NoClientCert; choose a client_auth_type that checks certificates`);
  }
  const clientAllowedSans = stringList(node, 'client_allowed_sans', report);
  if (clientAllowedSans.length > 0 && !CLIENT_AUTH_TYPES[clientAuth].verify) {
    report(`${at('client_allowed_sans')}: needs client_auth_type RequireAndVerifyClientCert or VerifyClientCertIfGiven`);
  }

  const minVersion = (oneOf(node, 'min_version', Object.keys(TLS_VERSIONS), report) ?? 'TLS12') as TlsVersion;
  const maxVersion = oneOf(node, 'max_version', Object.keys(TLS_VERSIONS), report) as TlsVersion | undefined;
  if (maxVersion && TLS_VERSIONS[maxVersion] < TLS_VERSIONS[minVersion]) {
    report(`${at('max_version')}: ${maxVersion} is below min_version ${minVersion}`);
  }
  const ciphers = mapped(node, 'cipher_suites', CIPHER_SUITES, report);
  const curves = mapped(node, 'curve_preferences', CURVES, report);
  const preferServerCiphers = bool(node, 'prefer_server_cipher_suites', true, 'tls_server_config', report);
  if (!certFile || !keyFile) return undefined;
  return { certFile, keyFile, clientAuth, clientCaFile, clientAllowedSans, minVersion, maxVersion, ciphers, curves, preferServerCiphers };
}

function oneOf(node: Obj, key: string, allowed: readonly string[], report: (p: string) => void): string | undefined {
  const value = node[key];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'string' && allowed.includes(value)) return value;
  report(`tls_server_config.${key}: must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
  return undefined;
}

function stringList(node: Obj, key: string, report: (p: string) => void): string[] {
  const value = node[key];
  if (value === undefined || value === null) return [];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string' && v !== '')) return value as string[];
  report(`tls_server_config.${key}: must be a list of names, got ${JSON.stringify(value)}`);
  return [];
}

function mapped(node: Obj, key: string, names: Readonly<Record<string, string>>, report: (p: string) => void): string[] | undefined {
  const list = stringList(node, key, report);
  if (list.length === 0) return undefined;
  const unknown = list.filter((name) => !Object.hasOwn(names, name));
  if (unknown.length > 0) {
    report(`tls_server_config.${key}: not supported: ${unknown.join(', ')} (supported: ${Object.keys(names).join(', ')})`);
    return undefined;
  }
  return list.map((name) => names[name] as string);
}

function bool(node: Obj, key: string, fallback: boolean, prefix: string, report: (p: string) => void): boolean {
  const value = node[key];
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'boolean') return value;
  report(`${prefix}.${key}: must be true or false, got ${JSON.stringify(value)}`);
  return fallback;
}

function users(value: unknown, report: (p: string) => void): Map<string, string> {
  const out = new Map<string, string>();
  if (value === undefined || value === null) return out;
  if (!isObject(value)) {
    report('basic_auth_users: must be a mapping of user names to bcrypt hashes');
    return out;
  }
  for (const [user, hash] of Object.entries(value)) {
    if (user.includes(':')) report(`basic_auth_users: user name ${JSON.stringify(user)} must not contain ":"`);
    else if (typeof hash !== 'string' || !BCRYPT.test(hash)) {
      // The value is never shown: a plain password written here by mistake must not reach a log.
      report(`basic_auth_users.${user}: must be a bcrypt hash such as htpasswd -nbB user password prints ($2y$10$...), not a password`);
    } else out.set(user, hash);
  }
  return out;
}

function headers(value: unknown, report: (p: string) => void): Record<string, string> {
  const out: Record<string, string> = {};
  if (value === undefined || value === null) return out;
  if (!isObject(value)) {
    report('http_server_config.headers: must be a mapping of header names to values');
    return out;
  }
  for (const [name, raw] of Object.entries(value)) {
    const known = Object.keys(HEADERS).find((h) => h.toLowerCase() === name.toLowerCase());
    if (!known) {
      report(`http_server_config.headers: ${JSON.stringify(name)} cannot be set (allowed: ${Object.keys(HEADERS).join(', ')})`);
      continue;
    }
    const allowed = HEADERS[known];
    if (typeof raw !== 'string' || raw === '' || /[\r\n]/.test(raw) || (allowed && !allowed.includes(raw.toLowerCase()))) {
      const wanted = allowed ? `one of ${allowed.join(', ')}` : 'a non-empty single-line text';
      report(`http_server_config.headers.${known}: must be ${wanted}, got ${JSON.stringify(raw)}`);
      continue;
    }
    out[known] = raw;
  }
  return out;
}
