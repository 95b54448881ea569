/**
 * Reading the web config file and the certificate files it names, checked together: what the
 * exporter does at start and on reload, and what --check-config does.
 */
import { readFileSync } from 'node:fs';
import type { SecureContextOptions } from 'node:tls';
import { ioReason } from '../config/messages.js';
import { parseWebConfig, type WebConfig } from './config.js';
import { readTlsMaterial } from './tls.js';

export interface LoadedWebConfig {
  readonly config: WebConfig;
  /** The certificate, key and client CA as read, when TLS is on. */
  readonly tlsOptions: SecureContextOptions | undefined;
}

export type WebConfigLoad = { ok: true; loaded: LoadedWebConfig } | { ok: false; errors: string[] };

/** Reads and checks the web config file and the files it names; the whole of what --check-config does for it. */
export function readWebConfig(path: string): WebConfigLoad {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return { ok: false, errors: [`${path}: cannot read the web config file: ${ioReason(error)}`] };
  }
  const parsed = parseWebConfig(text, path);
  if (!parsed.ok) return parsed;
  const { tls } = parsed.config;
  if (!tls) return { ok: true, loaded: { config: parsed.config, tlsOptions: undefined } };
  const material = readTlsMaterial(tls, path);
  if (!material.ok) return material;
  return { ok: true, loaded: { config: parsed.config, tlsOptions: material.options } };
}
