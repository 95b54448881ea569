/** Certificates for TLS tests, made by the real openssl (installed by test/setup/tools.sh). */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tool } from './prometheus.js';

export interface TestCertificates {
  readonly dir: string;
  /** Self-signed server certificate for 127.0.0.1 and localhost, and its key. */
  readonly serverCert: string;
  readonly serverKey: string;
  /** A self-signed client CA, and a client certificate it signed (SAN DNS:prometheus). */
  readonly clientCa: string;
  readonly clientCert: string;
  readonly clientKey: string;
  /** A second client certificate, self-signed: not trusted by clientCa. */
  readonly strangerCert: string;
  readonly strangerKey: string;
  /** Makes another self-signed server certificate (a renewal) at the given paths. */
  renewServer(cert: string, key: string, commonName: string): Promise<void>;
  cleanup(): Promise<void>;
}

async function openssl(args: string[]): Promise<void> {
  const result = await tool('openssl', args);
  if (result.code !== 0) throw new Error(`openssl ${args[0]} failed: ${result.stderr}`);
}

function selfSigned(cert: string, key: string, cn: string, san: string): string[] {
  return ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '2',
    '-keyout', key, '-out', cert, '-subj', `/CN=${cn}`, '-addext', `subjectAltName=${san}`];
}

export async function makeCertificates(): Promise<TestCertificates> {
  const dir = await mkdtemp(join(tmpdir(), 'nht-tls-'));
  const p = (name: string): string => join(dir, name);
  await openssl(selfSigned(p('server.crt'), p('server.key'), 'nht-exporter', 'IP:127.0.0.1,DNS:localhost'));
  await openssl(selfSigned(p('ca.crt'), p('ca.key'), 'test client CA', 'DNS:test-ca'));
  await openssl(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
    '-keyout', p('client.key'), '-out', p('client.csr'), '-subj', '/CN=prometheus']);
  await writeFile(p('client.ext'), 'subjectAltName=DNS:prometheus\n');
  await openssl(['x509', '-req', '-in', p('client.csr'), '-CA', p('ca.crt'), '-CAkey', p('ca.key'), '-CAcreateserial',
    '-days', '2', '-out', p('client.crt'), '-extfile', p('client.ext')]);
  await openssl(selfSigned(p('stranger.crt'), p('stranger.key'), 'stranger', 'DNS:prometheus'));
  return {
    dir,
    serverCert: p('server.crt'),
    serverKey: p('server.key'),
    clientCa: p('ca.crt'),
    clientCert: p('client.crt'),
    clientKey: p('client.key'),
    strangerCert: p('stranger.crt'),
    strangerKey: p('stranger.key'),
    renewServer: (cert, key, cn) => openssl(selfSigned(cert, key, cn, 'IP:127.0.0.1,DNS:localhost')),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}
