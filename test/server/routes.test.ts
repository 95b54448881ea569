import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import bcrypt from 'bcryptjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import type { Body } from '../../src/prometheus/body.js';
import { createApp } from '../../src/server/express-app.js';
import { createRequestListener, listen, type AppOptions, type Listening } from '../../src/server/http.js';
import { createRoutes, prefersGzip } from '../../src/server/routes.js';
import type { Snapshot } from '../../src/snapshot.js';
import { startWebSecurity, type WebSecurity } from '../../src/web/security.js';

// The request listener answers GET and HEAD of /metrics, /healthz and /readyz without Express;
// Express answers everything else. Each request below goes to both the listener and an
// Express-only app (how every request was answered before), and must get the same answer.

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

function send(url: string, method: string, path: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const { date: _date, connection: _connection, 'keep-alive': _keepAlive, ...rest } = res.headers;
        resolve({ status: res.statusCode ?? 0, headers: rest, body: Buffer.concat(chunks) });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

const PLAIN = Buffer.from('# HELP up x\n# TYPE up gauge\nup 1\n');
const body = (bytes: Buffer): Body => ({ chunks: [bytes.subarray(0, 7), bytes.subarray(7)], length: bytes.length });
const PASSWORD = 'scrape-password';

const poll: { current: Snapshot | undefined; lastResult: undefined } = { current: undefined, lastResult: undefined };
let failRender = false;
let dir: string;
let web: WebSecurity;
let fast: Listening;
let viaExpress: Listening;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nht-routes-'));
  const file = join(dir, 'web.yml');
  writeFileSync(
    file,
    ['http_server_config:', '  headers:', '    X-Frame-Options: deny', 'basic_auth_users:', `  prometheus: ${bcrypt.hashSync(PASSWORD, 4)}`, ''].join('\n'),
  );
  const logger = createLogger({ write: () => {} });
  web = await startWebSecurity(file, logger, 0);
  const options: AppOptions = {
    poll,
    page: {
      contentType: 'text/plain; version=0.0.4; charset=utf-8',
      body: () => (failRender ? Promise.reject(new Error('render failed')) : Promise.resolve({ plain: body(PLAIN), gzip: body(gzipSync(PLAIN)) })),
    },
    version: '1.2.3',
    accountId: '123',
    logger,
    gate: web.gate,
  };
  fast = await listen(createRequestListener(options), '127.0.0.1', 0);
  viaExpress = await listen(createApp(options, createRoutes(options)), '127.0.0.1', 0);
}, 30_000);

afterAll(async () => {
  await fast?.close();
  await viaExpress?.close();
  web?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const auth = { authorization: `Basic ${Buffer.from(`prometheus:${PASSWORD}`).toString('base64')}` };

/** Both answers to one request, after checking they are the same. */
async function both(method: string, path: string, headers: Record<string, string> = {}): Promise<Answer> {
  const [a, b] = await Promise.all([send(fast.url, method, path, headers), send(viaExpress.url, method, path, headers)]);
  expect({ status: a.status, headers: a.headers, body: a.body.toString('latin1') }, `${method} ${path} ${JSON.stringify(headers)}`).toEqual({
    status: b.status,
    headers: b.headers,
    body: b.body.toString('latin1'),
  });
  return a;
}

describe('/metrics, /healthz and /readyz answered without Express', () => {
  it('negotiate the encoding as Express does, q-values and identity;q=0 included, and serve plain text when nothing is acceptable', async () => {
    const cases: Array<[string | undefined, boolean]> = [
      [undefined, false],
      ['gzip', true],
      ['GZIP', true],
      ['gzip, deflate, br', true],
      ['deflate, gzip;q=0.5', true],
      ['gzip;q=0, identity', false],
      ['gzip;q=0.5, identity', false],
      ['identity;q=0', false],
      ['identity;q=0, gzip;q=0', false],
      ['*', true],
      ['*;q=0', false],
      ['br', false],
      ['', false],
    ];
    for (const [header, gzip] of cases) {
      const res = await both('GET', '/metrics', { ...auth, ...(header !== undefined && { 'accept-encoding': header }) });
      expect(res.status, String(header)).toBe(200);
      expect(res.headers['content-encoding'], String(header)).toBe(gzip ? 'gzip' : undefined);
      expect(gzip ? gunzipSync(res.body) : res.body, String(header)).toEqual(PLAIN);
      expect(res.headers).toMatchObject({ vary: 'Accept-Encoding', 'cache-control': 'no-store', 'content-length': String(res.body.length), 'x-frame-options': 'deny' });
      // The same rule as Express's own req.acceptsEncodings, which the Express path used to call.
      const accepts = createRequire(import.meta.url)('accepts') as (req: object) => { encodings(...e: string[]): string | false };
      expect(prefersGzip(header), String(header)).toBe(accepts({ headers: { 'accept-encoding': header } }).encodings('gzip', 'identity') === 'gzip');
    }
  });

  it('answer HEAD with the headers of GET and no body, and ignore a query string', async () => {
    const head = await both('HEAD', '/metrics', { ...auth, 'accept-encoding': 'gzip' });
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect(head.headers['content-length']).toBe(String(gzipSync(PLAIN).length));
    const query = await both('GET', '/metrics?x=1&name[]=up', auth);
    expect(query.body).toEqual(PLAIN);
    expect((await both('HEAD', '/healthz')).headers['content-length']).toBe('3');
  });

  it('run the gate first: no password, a wrong one, and the probes open without one', async () => {
    const refused: Array<Record<string, string>> = [{}, { authorization: `Basic ${Buffer.from('prometheus:wrong').toString('base64')}` }];
    for (const headers of refused) {
      const res = await both('GET', '/metrics', headers);
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toMatch(/^Basic realm=/);
      expect(res.headers['x-frame-options']).toBe('deny');
      expect(res.body.toString()).toBe('Unauthorized\n');
    }
    expect((await both('GET', '/healthz')).body.toString()).toBe('ok\n');
    expect((await both('GET', '/readyz?probe=1')).headers['x-frame-options']).toBe('deny');
  });

  it('say not ready before the first poll and ready after it', async () => {
    poll.current = undefined;
    const before = await both('GET', '/readyz');
    expect([before.status, before.body.toString()]).toEqual([503, 'not ready: no successful poll yet\n']);
    poll.current = {} as Snapshot;
    const after = await both('GET', '/readyz');
    expect([after.status, after.body.toString(), after.headers['content-type']]).toEqual([200, 'ready\n', 'text/plain; charset=utf-8']);
  });

  it('answer 500 with a short text when the page cannot be rendered', async () => {
    failRender = true;
    try {
      const res = await both('GET', '/metrics', { ...auth, 'accept-encoding': 'gzip' });
      expect([res.status, res.body.toString(), res.headers['content-encoding']]).toEqual([500, 'rendering metrics failed\n', undefined]);
    } finally {
      failRender = false;
    }
  });
});

describe('every other request, handed to Express', () => {
  it('gets what Express answered before: other methods, other spellings of the paths, unknown pages and the landing page', async () => {
    const withAuth = [
      ['POST', '/metrics'],
      ['PUT', '/healthz'],
      ['DELETE', '/readyz'],
      ['OPTIONS', '/metrics'],
      ['GET', '/Metrics'],
      ['GET', '/metrics/'],
      ['GET', '/metrics/x'],
      ['GET', '/nope'],
      ['GET', '/'],
      ['HEAD', '/'],
    ] as const;
    for (const [method, path] of withAuth) await both(method, path, auth);
    expect((await both('POST', '/metrics', auth)).status).toBe(404);
    expect((await both('GET', '/Metrics', { ...auth, 'accept-encoding': 'gzip' })).headers['content-encoding']).toBe('gzip');
    expect((await both('GET', '/')).status).toBe(401);
    // Only the exact probe paths are open without a password, on both paths.
    expect((await both('GET', '/READYZ')).status).toBe(401);
  });
});

describe('a handler that fails after the headers went out', () => {
  it('cuts that one connection, logs it, and keeps answering: no unhandled rejection ends the process', async () => {
    const lines: string[] = [];
    // Not a buffer: writing it throws after writeHead, and so does the 500 the handler then tries.
    const broken: Body = { chunks: [42 as unknown as Buffer], length: 2 };
    const server = await listen(
      createRequestListener({
        poll,
        page: { contentType: 'text/plain; version=0.0.4; charset=utf-8', body: () => Promise.resolve({ plain: broken, gzip: broken }) },
        version: '1.2.3',
        accountId: '123',
        logger: createLogger({ write: (line: string) => lines.push(line) }),
      }),
      '127.0.0.1',
      0,
    );
    try {
      await expect(send(server.url, 'GET', '/metrics')).rejects.toThrow(/socket hang up|ECONNRESET/);
      expect(lines.join('\n')).toContain('answering a request failed');
      expect((await send(server.url, 'GET', '/healthz')).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});
