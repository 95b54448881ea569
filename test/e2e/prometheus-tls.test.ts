import bcrypt from 'bcryptjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NHT_METRICS } from '../../src/translate/metrics.js';
import { startPrometheus, type RunningPrometheus } from '../support/prometheus.js';
import { makeCertificates, type TestCertificates } from '../support/tls.js';
import { startWithWebConfig, type WebExporter } from '../web/support.js';

// A real Prometheus (Debian's package) scraping the exporter as an operator sets it up behind a
// web config: HTTPS with a bcrypt user, HTTPS with client certificates, and a wrong password.
let certs: TestCertificates;
let withPassword: WebExporter;
let withClientCert: WebExporter;
let prometheus: RunningPrometheus;
const PASSWORD = 'scrape-password-0001';

beforeAll(async () => {
  certs = await makeCertificates();
  const tls = [`tls_server_config:`, `  cert_file: ${certs.serverCert}`, `  key_file: ${certs.serverKey}`];
  withPassword = await startWithWebConfig(
    certs.dir,
    [...tls, 'basic_auth_users:', `  prometheus: ${bcrypt.hashSync(PASSWORD, 10)}`, ''].join('\n'),
    'web-basic.yml',
  );
  withClientCert = await startWithWebConfig(
    certs.dir,
    [...tls, `  client_ca_file: ${certs.clientCa}`, '  client_auth_type: RequireAndVerifyClientCert', ''].join('\n'),
    'web-mtls.yml',
  );
  const target = (run: WebExporter): string => `127.0.0.1:${run.exporter.port}`;
  prometheus = await startPrometheus({
    targets: [],
    jobs: [
      { name: 'basic-auth', scheme: 'https', targets: [target(withPassword)], tlsConfig: { ca_file: certs.serverCert }, basicAuth: { username: 'prometheus', password: PASSWORD } },
      { name: 'wrong-password', scheme: 'https', targets: [target(withPassword)], tlsConfig: { ca_file: certs.serverCert }, basicAuth: { username: 'prometheus', password: 'not-the-password' } },
      {
        name: 'client-cert',
        scheme: 'https',
        targets: [target(withClientCert)],
        tlsConfig: { ca_file: certs.serverCert, cert_file: certs.clientCert, key_file: certs.clientKey },
      },
    ],
  });
}, 90_000);

afterAll(async () => {
  await prometheus?.stop();
  await withPassword?.stop();
  await withClientCert?.stop();
  await certs?.cleanup();
});

const someNhtMetric = NHT_METRICS[0]!.name;

describe('a real Prometheus scraping over HTTPS', () => {
  it('scrapes with basic authentication: up is 1 and the NHT series are there', async () => {
    expect(await prometheus.waitFor('up{job="basic-auth"} == 1')).toHaveLength(1);
    expect(await prometheus.waitFor('liveperson_nht_up{job="basic-auth"} == 1')).toHaveLength(1);
    expect((await prometheus.waitFor(`${someNhtMetric}{job="basic-auth"}`)).length).toBeGreaterThan(0);
  }, 60_000);

  it('scrapes with a client certificate: up is 1 and the NHT series are there', async () => {
    expect(await prometheus.waitFor('up{job="client-cert"} == 1')).toHaveLength(1);
    expect((await prometheus.waitFor(`${someNhtMetric}{job="client-cert"}`)).length).toBeGreaterThan(0);
  }, 60_000);

  it('records the 401 of a wrong password, and gets no series', async () => {
    expect(await prometheus.waitFor('up{job="wrong-password"} == 0')).toHaveLength(1);
    const target = (await prometheus.targets()).find((t) => t.job === 'wrong-password');
    expect(target?.health).toBe('down');
    expect(target?.lastError).toMatch(/401 Unauthorized/);
    expect(await prometheus.query('liveperson_nht_up{job="wrong-password"}')).toEqual([]);
  }, 60_000);
});
