/** Small HTTP helpers of the benchmark: raw GETs (bytes as sent) and a local OTLP sink. */
import { request, createServer } from 'node:http';

/** GET without decoding: the status, headers, raw body and the time to the last byte (ms). */
export function get(url, { gzip = false, timeoutMs = 60_000 } = {}) {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    // A fresh connection per request: no reused socket can be reset under it.
    const req = request(url, { agent: false, headers: { 'accept-encoding': gzip ? 'gzip' : 'identity' }, timeout: timeoutMs }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks), ms: performance.now() - started }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${url} timed out`)));
    req.on('error', reject);
    req.end();
  });
}

/**
 * An OTLP/HTTP receiver that answers 200 to every POST and notes when each request arrived and
 * its size. Requests close together belong to one export (the exporter splits large ones).
 */
export async function startOtlpSink() {
  const requests = [];
  const server = createServer((req, res) => {
    let bytes = 0;
    req.on('data', (c) => (bytes += c.length));
    req.on('end', () => {
      requests.push({ at: Date.now(), bytes });
      res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    requests,
    /** Requests grouped into exports: a gap over `gapMs` starts a new one. */
    exports(gapMs) {
      const groups = [];
      for (const r of requests) {
        const last = groups.at(-1);
        if (last && r.at - last.end <= gapMs) {
          last.end = r.at;
          last.requests += 1;
        } else groups.push({ start: r.at, end: r.at, requests: 1 });
      }
      return groups;
    },
    close: () => new Promise((resolve) => server.close(resolve).closeAllConnections()),
  };
}
