import { renameSync, symlinkSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import bcrypt from 'bcryptjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCertificates, type TestCertificates } from '../support/tls.js';
import { basic, get, servedCommonName, startWithWebConfig, type WebExporter } from './support.js';

let certs: TestCertificates;
beforeAll(async () => {
  certs = await makeCertificates();
}, 30_000);
afterAll(() => certs?.cleanup());

describe('with TLS and basic authentication in the web config', () => {
  let run: WebExporter;
  const hash = bcrypt.hashSync('s3cret-scrape-password', 10);

  beforeAll(async () => {
    run = await startWithWebConfig(
      certs.dir,
      [
        'tls_server_config:',
        `  cert_file: ${certs.serverCert}`,
        `  key_file: ${certs.serverKey}`,
        'http_server_config:',
        '  headers:',
        '    X-Content-Type-Options: nosniff',
        'basic_auth_users:',
        `  prometheus: ${hash}`,
        '',
      ].join('\n'),
    );
  }, 30_000);
  afterAll(() => run?.stop());

  const url = (path: string): string => `${run.exporter.url}${path}`;

  it('serves /metrics over HTTPS to the right user and password', async () => {
    expect(run.exporter.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const res = await get(url('/metrics'), { ca: certs.serverCert }, basic('prometheus', 's3cret-scrape-password'));
    expect(res.status).toBe(200);
    expect(res.text).toContain('liveperson_nht_up 1');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('answers a wrong password, an unknown user or no credentials with 401, WWW-Authenticate and no data', async () => {
    for (const authorization of [basic('prometheus', 'wrong'), basic('someone', 's3cret-scrape-password'), undefined, 'Bearer abc']) {
      for (const path of ['/metrics', '/']) {
        const res = await get(url(path), { ca: certs.serverCert }, authorization);
        expect(res.status, `${path} ${authorization}`).toBe(401);
        expect(res.headers['www-authenticate']).toMatch(/^Basic realm="liveperson-nht-exporter"/);
        expect(res.text).not.toContain('liveperson');
        expect(res.text).not.toContain(run.exporter.accountId);
      }
    }
  });

  it('keeps /healthz and /readyz open to probes, over the same TLS', async () => {
    expect((await get(url('/healthz'), { ca: certs.serverCert })).status).toBe(200);
    const ready = await get(url('/readyz'), { ca: certs.serverCert });
    expect(ready.status).toBe(200);
    expect(ready.text).toBe('ready\n');
  });

  it('refuses plain HTTP on the HTTPS port', async () => {
    const res = await fetch(url('/metrics').replace('https:', 'http:')).then((r) => r.status, (e: Error) => e.message);
    expect(res).not.toBe(200);
  });

  it('serves a renewed certificate without a restart, when Kubernetes swaps the ..data symlink', async () => {
    // Laid out as a mounted Secret: tls.crt -> ..data/tls.crt, ..data -> ..<timestamp>.
    const mount = join(certs.dir, 'mount');
    mkdirSync(join(mount, '..v1'), { recursive: true });
    await certs.renewServer(join(mount, '..v1', 'tls.crt'), join(mount, '..v1', 'tls.key'), 'first-certificate');
    symlinkSync('..v1', join(mount, '..data'));
    symlinkSync('..data/tls.crt', join(mount, 'tls.crt'));
    symlinkSync('..data/tls.key', join(mount, 'tls.key'));
    const web = `tls_server_config:\n  cert_file: mount/tls.crt\n  key_file: mount/tls.key\nbasic_auth_users:\n  prometheus: ${hash}\n`;
    writeFileSync(run.webConfig, web);
    await run.exporter.web.checkFiles();
    expect(await servedCommonName(run.exporter.port)).toBe('first-certificate');

    mkdirSync(join(mount, '..v2'));
    await certs.renewServer(join(mount, '..v2', 'tls.crt'), join(mount, '..v2', 'tls.key'), 'renewed-certificate');
    symlinkSync('..v2', join(mount, '..data_tmp'));
    renameSync(join(mount, '..data_tmp'), join(mount, '..data'));
    expect(await run.exporter.web.checkFiles()).toBe(true);
    expect(await servedCommonName(run.exporter.port)).toBe('renewed-certificate');
    expect(run.logs.some((l) => l.includes('web config reloaded after a file changed'))).toBe(true);
  });

  it('keeps the running settings when the file changes into something unusable, and says why', async () => {
    const before = await servedCommonName(run.exporter.port);
    writeFileSync(run.webConfig, `tls_server_config:\n  cert_file: missing.crt\n  key_file: missing.key\nbasic_auth_users:\n  prometheus: ${hash}\n`);
    expect(await run.exporter.web.checkFiles()).toBe(true);
    expect(await servedCommonName(run.exporter.port)).toBe(before);
    const res = await get(url('/metrics'), { ca: join(certs.dir, 'mount', 'tls.crt') }, basic('prometheus', 's3cret-scrape-password'));
    expect(res.status).toBe(200);
    const complaint = run.logs.find((l) => l.includes('cannot be used; keeping the running one'));
    expect(complaint).toContain('missing.crt: no such file or directory (ENOENT)');
  });
});

describe('with client certificates required (RequireAndVerifyClientCert)', () => {
  let run: WebExporter;

  beforeAll(async () => {
    run = await startWithWebConfig(
      certs.dir,
      [
        'tls_server_config:',
        `  cert_file: ${certs.serverCert}`,
        `  key_file: ${certs.serverKey}`,
        `  client_ca_file: ${certs.clientCa}`,
        '  client_auth_type: RequireAndVerifyClientCert',
        '  client_allowed_sans: [prometheus]',
        '  min_version: TLS12',
        '  cipher_suites: [TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384]',
        '  prefer_server_cipher_suites: true',
        '',
      ].join('\n'),
      'web-mtls.yml',
    );
  }, 30_000);
  afterAll(() => run?.stop());

  const url = (path: string): string => `${run.exporter.url}${path}`;

  it('serves /metrics to a client presenting a certificate the client CA signed', async () => {
    const res = await get(url('/metrics'), { ca: certs.serverCert, cert: certs.clientCert, key: certs.clientKey });
    expect(res.status).toBe(200);
    expect(res.text).toContain('liveperson_nht_up 1');
  });

  it('refuses a client without a certificate, or with one the CA did not sign, and keeps the probes open', async () => {
    const without = await get(url('/metrics'), { ca: certs.serverCert });
    expect(without.status).toBe(403);
    expect(without.text).not.toContain('liveperson_');
    const stranger = await get(url('/metrics'), { ca: certs.serverCert, cert: certs.strangerCert, key: certs.strangerKey });
    expect(stranger.status).toBe(403);
    expect((await get(url('/healthz'), { ca: certs.serverCert })).status).toBe(200);
    expect((await get(url('/readyz'), { ca: certs.serverCert })).status).toBe(200);
  });
});
