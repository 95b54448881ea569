/**
 * The physical limit of a scrape: the exporter's own captured /metrics body, served from a Buffer
 * with the same headers, whatever the path. Args: a folder with plain.bin, gzip.bin and
 * headers.json (the captured response headers). Prints `listening <url>`.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';

const dir = process.argv[2];
const plain = readFileSync(join(dir, 'plain.bin'));
const gzip = readFileSync(join(dir, 'gzip.bin'));
const headers = JSON.parse(readFileSync(join(dir, 'headers.json'), 'utf8'));

const server = createServer((req, res) => {
  const wantsGzip = /\bgzip\b/.test(req.headers['accept-encoding'] ?? '');
  const body = wantsGzip ? gzip : plain;
  res.writeHead(200, {
    'content-type': headers['content-type'],
    'cache-control': headers['cache-control'],
    vary: headers.vary,
    ...(wantsGzip ? { 'content-encoding': 'gzip' } : {}),
    'content-length': body.length,
  });
  res.end(body);
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`listening http://127.0.0.1:${server.address().port}\n`));
process.once('SIGTERM', () => server.close(() => process.exit(0)).closeAllConnections());
