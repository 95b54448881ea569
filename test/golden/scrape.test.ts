import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, get, type Server } from 'node:http';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { startExporter, type Exporter } from '../../src/app.js';
import { loadConfig } from '../../src/config/load.js';
import { silentLogger } from '../../src/log.js';
import { VERSION } from '../../src/version.js';
import { tool } from '../support/prometheus.js';

// Golden scrapes in the json_exporter way, through the whole exporter: recorded LivePerson pages
// in (pages/offset-N.json, skills.json), what /metrics serves out (metrics.prom), byte for byte.
// UPDATE_GOLDEN=1 npx vitest run test/golden/scrape.test.ts rewrites metrics.prom after a deliberate change.
const root = join(import.meta.dirname, '..', 'fixtures', 'golden-scrape');
const cases = readdirSync(root);

interface Case {
  readonly accountId: string;
  readonly now: string;
  readonly settleDelayMs: number;
  /** Offsets LivePerson answers with 429 once before serving the page. */
  readonly throttle?: readonly number[];
  /** Whether skill names are on; skills.json is then the Skills API's answer. */
  readonly skillNames?: boolean;
}

/** LivePerson as recorded: the NHT page for the offset asked, and the Skills API's list. */
function serveRecorded(dir: string, spec: Case): Promise<{ server: Server; url: string; requests: number[] }> {
  const requests: number[] = [];
  const throttled = new Set<number>();
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      if (req.method === 'GET' && req.url?.includes('/configuration/le-users/skills')) {
        res.writeHead(200, { 'content-type': 'application/json', 'ac-revision': '7' }).end(readFileSync(join(dir, 'skills.json')));
        return;
      }
      const offset = Number((JSON.parse(body) as { offset: number }).offset);
      requests.push(offset);
      if (spec.throttle?.includes(offset) && !throttled.has(offset)) {
        throttled.add(offset);
        res.writeHead(429, { 'content-type': 'application/json' }).end('{"message":"Too Many Requests"}');
        return;
      }
      try {
        res.writeHead(200, { 'content-type': 'application/json' }).end(readFileSync(join(dir, 'pages', `offset-${offset}.json`)));
      } catch {
        res.writeHead(400, { 'content-type': 'application/json' }).end('{"message":"no such page","causes":["offset"]}');
      }
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ server, requests, url: `http://127.0.0.1:${(server.address() as { port: number }).port}` })),
  );
}

/**
 * The liveperson_* families of a scrape. The process metrics (values of this very process) are
 * left out, and the versions in liveperson_nht_build_info become placeholders, so the file
 * holds on every Node.js and release.
 */
function comparable(text: string): string {
  const families = text.split(/(?=^# HELP )/m).filter((f) => f.startsWith('# HELP liveperson_'));
  // As served, blank lines included; only the last family loses the blank line before the process metrics.
  return `${families.join('').trimEnd()}\n`
    .replace(`nodejs_version="${process.version}"`, 'nodejs_version="NODE_VERSION"')
    .replace(`{version="${VERSION}"`, '{version="VERSION"');
}

/** GET /metrics as the bytes on the wire (fetch would inflate a gzip body itself). */
function scrapeBytes(url: string, encoding: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    get(`${url}/metrics`, { headers: { 'accept-encoding': encoding } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve(Buffer.concat(chunks)));
      res.on('error', reject);
    }).on('error', reject);
  });
}

let running: { exporter: Exporter; server: Server } | undefined;
afterEach(async () => {
  await running?.exporter.stop();
  await new Promise((r) => running?.server.close(r) ?? r(undefined));
  running = undefined;
});

describe.each(cases)('golden scrape: %s', (name) => {
  const dir = join(root, name);
  const spec = JSON.parse(readFileSync(join(dir, 'case.json'), 'utf8')) as Case;

  it('serves the recorded pages on /metrics byte for byte as metrics.prom, gzipped or not', async () => {
    const { server, url } = await serveRecorded(dir, spec);
    const loaded = loadConfig([], {
      LP_ACCOUNT_ID: spec.accountId,
      LP_AUTH_MODE: 'bearer',
      LP_BEARER_TOKEN: 'golden-test-token',
      LP_NHT_BASE_URL: url,
      LP_ACCOUNT_CONFIG_BASE_URL: url,
      LP_SOURCE: 'golden',
      NHT_SETTLE_DELAY: `${spec.settleDelayMs}ms`,
      NHT_RETRY_DELAY: '1ms',
      NHT_THROTTLE_DELAY: '1ms',
      NHT_SKILL_NAMES: String(spec.skillNames ?? false),
      HOST: '127.0.0.1',
      PORT: '0',
    });
    if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
    const now = Date.parse(spec.now);
    const exporter = await startExporter(loaded.config, { logger: silentLogger, now: () => now });
    running = { exporter, server };
    // Asked at once, both join the first poll and refresh, which the exporter started: one of each.
    const [polled] = await Promise.all([exporter.poller.pollOnce(), exporter.skillNames?.refresh()]);
    expect(polled).toBe(true);

    const scraped = comparable((await scrapeBytes(exporter.url, 'identity')).toString('utf8'));
    const gzipped = await scrapeBytes(exporter.url, 'gzip');
    if (process.env.UPDATE_GOLDEN) writeFileSync(join(dir, 'metrics.prom'), scraped);
    expect(scraped).toBe(readFileSync(join(dir, 'metrics.prom'), 'utf8'));
    expect(comparable(gunzipSync(gzipped).toString('utf8'))).toBe(scraped);
  });

  it('passes promtool check metrics without a single remark', async () => {
    const expected = readFileSync(join(dir, 'metrics.prom'), 'utf8');
    const result = await tool('promtool', ['check', 'metrics'], expected);
    expect(result.stdout + result.stderr).toBe('');
    expect(result.code).toBe(0);
  });
});
