import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { testClient } from '../liveperson/helpers.js';
import { pollWindow } from '../../src/poll/schedule.js';
import { renderSnapshot } from '../../src/prometheus/exposition.js';
import { runAtOnce } from '../../src/slices.js';
import { tool } from '../support/prometheus.js';

// Golden files in the json_exporter way: recorded API pages in, expected exposition text out.
// UPDATE_GOLDEN=1 npx vitest run test/golden rewrites expected.prom after a deliberate change.
const root = join(import.meta.dirname, '..', 'fixtures', 'golden');
const cases = readdirSync(root);

interface Case {
  accountId: string;
  now: string;
  settleDelayMs: number;
}

/** Serves the recorded page for the offset the client asks for. */
function servePages(dir: string): Promise<{ server: Server; url: string; requests: number[] }> {
  const requests: number[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const offset = Number((JSON.parse(body) as { offset: number }).offset);
      requests.push(offset);
      try {
        res.writeHead(200, { 'content-type': 'application/json' }).end(readFileSync(join(dir, `offset-${offset}.json`)));
      } catch {
        res.writeHead(400, { 'content-type': 'application/json' }).end('{"message":"no such page","causes":["offset"]}');
      }
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ server, requests, url: `http://127.0.0.1:${(server.address() as { port: number }).port}` })),
  );
}

let stop: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stop?.();
  stop = undefined;
});

describe.each(cases)('golden exposition: %s', (name) => {
  const dir = join(root, name);
  const spec = JSON.parse(readFileSync(join(dir, 'case.json'), 'utf8')) as Case;
  let rendered = '';

  it('renders the recorded pages byte for byte as expected.prom', async () => {
    const { server, url, requests } = await servePages(join(dir, 'pages'));
    const client = testClient({
      accountId: spec.accountId,
      auth: { mode: 'bearer', token: 'golden-test-token' },
      nhtBaseUrl: url,
      originator: 'golden',
      concurrency: 2,
      maxRetries: 0,
    });
    stop = async () => {
      client.close();
      await new Promise((r) => server.close(r));
    };
    const window = pollWindow(Date.parse(spec.now), spec.settleDelayMs);
    const store = await client.fetchPoll(window);
    const t = runAtOnce(store.translateSteps());
    rendered = (await renderSnapshot({ accountId: spec.accountId, window, completedAt: 0, series: t.series, skills: t.skills })).text;
    if (process.env.UPDATE_GOLDEN) writeFileSync(join(dir, 'expected.prom'), rendered);
    expect(requests.sort((a, b) => a - b)).toEqual([0, 10, 20]);
    expect(rendered).toBe(readFileSync(join(dir, 'expected.prom'), 'utf8'));
  });

  it('passes promtool check metrics without a single remark', async () => {
    const expected = readFileSync(join(dir, 'expected.prom'), 'utf8');
    const result = await tool('promtool', ['check', 'metrics'], expected);
    expect(result.stdout + result.stderr).toBe('');
    expect(result.code).toBe(0);
  });
});
