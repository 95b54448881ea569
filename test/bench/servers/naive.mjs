/**
 * What an exporter without a cache costs: the same series registered in prom-client (read from
 * the exporter's captured exposition) and rendered per scrape, gzipped per scrape when asked.
 * Arg: a folder with plain.bin. Prints `listening <url>`.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import client from 'prom-client';

const text = readFileSync(join(process.argv[2], 'plain.bin'), 'utf8');
const registry = new client.Registry();
// Process and Node.js metrics come from prom-client itself, as in the exporter.
client.collectDefaultMetrics({ register: registry });

/** Families of the exposition: name, help, type, and samples as [labels, value]. */
function families(exposition) {
  const out = new Map();
  for (const line of exposition.split('\n')) {
    let m;
    if ((m = /^# HELP (\S+) (.*)$/.exec(line))) out.set(m[1], { help: m[2], type: 'untyped', samples: [] });
    else if ((m = /^# TYPE (\S+) (\S+)$/.exec(line))) out.get(m[1]).type = m[2];
    else if ((m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line))) {
      const labels = {};
      for (const [, k, v] of (m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[k] = v.replace(/\\(.)/g, (_, c) => (c === 'n' ? '\n' : c));
      out.get(m[1])?.samples.push([labels, Number(m[3])]);
    }
  }
  return out;
}

for (const [name, f] of families(text)) {
  if (registry.getSingleMetric(name) || name.startsWith('process_') || name.startsWith('nodejs_')) continue;
  // Histograms have no samples under their family name: their few own series are left out.
  if (f.samples.length === 0 || (f.type !== 'gauge' && f.type !== 'counter')) continue;
  const labelNames = Object.keys(f.samples[0][0]);
  const Metric = f.type === 'counter' ? client.Counter : client.Gauge;
  const metric = new Metric({ name, help: f.help, labelNames, registers: [registry] });
  for (const [labels, value] of f.samples) f.type === 'counter' ? metric.inc(labels, value) : metric.set(labels, value);
}

const server = createServer(async (req, res) => {
  const body = Buffer.from(await registry.metrics(), 'utf8');
  const wantsGzip = /\bgzip\b/.test(req.headers['accept-encoding'] ?? '');
  res.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store', vary: 'Accept-Encoding', ...(wantsGzip ? { 'content-encoding': 'gzip' } : {}) });
  res.end(wantsGzip ? gzipSync(body) : body);
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`listening http://127.0.0.1:${server.address().port}\n`));
process.once('SIGTERM', () => server.close(() => process.exit(0)).closeAllConnections());
