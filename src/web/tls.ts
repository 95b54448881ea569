/**
 * From the checked TLS settings to what Node's TLS server takes, with the certificate, key and
 * client CA read from disk and tried together, so a wrong pair is refused before it is served.
 */
import { readFileSync } from 'node:fs';
import { createSecureContext, type SecureContextOptions } from 'node:tls';
import { ioReason } from '../config/messages.js';
import type { WebTlsConfig } from './config.js';
import { NODE_TLS_VERSIONS, TLS13_SUITES } from './tls-names.js';

export type TlsMaterial = { ok: true; options: SecureContextOptions } | { ok: false; errors: string[] };

/** Reads the files named by `tls` and builds the secure context options; `path` is the web config file, for messages. */
export function readTlsMaterial(tls: WebTlsConfig, path: string): TlsMaterial {
  const errors: string[] = [];
  const read = (key: string, file: string): Buffer | undefined => {
    try {
      return readFileSync(file);
    } catch (error) {
      errors.push(`${path}: tls_server_config.${key}: cannot read ${file}: ${ioReason(error)}`);
      return undefined;
    }
  };
  const cert = read('cert_file', tls.certFile);
  const key = read('key_file', tls.keyFile);
  const ca = tls.clientCaFile === undefined ? undefined : read('client_ca_file', tls.clientCaFile);
  if (!cert || !key || errors.length > 0) return { ok: false, errors };

  const options: SecureContextOptions = {
    cert,
    key,
    ...(ca && { ca }),
    minVersion: NODE_TLS_VERSIONS[tls.minVersion],
    ...(tls.maxVersion && { maxVersion: NODE_TLS_VERSIONS[tls.maxVersion] }),
    ...(tls.ciphers && { ciphers: [...tls.ciphers, ...TLS13_SUITES].join(':') }),
    ...(tls.curves && { ecdhCurve: tls.curves.join(':') }),
    honorCipherOrder: tls.preferServerCiphers,
  };
  try {
    createSecureContext(options);
  } catch (error) {
    // OpenSSL's reason ("key values mismatch", "no start line"), never the file's content.
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, errors: [`${path}: tls_server_config: cannot use cert_file ${tls.certFile} with key_file ${tls.keyFile}: ${reason}`] };
  }
  return { ok: true, options };
}
