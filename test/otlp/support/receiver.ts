/**
 * An in-process OTLP/HTTP metrics receiver on 127.0.0.1: decodes http/protobuf (with the OTLP
 * proto definitions) and http/json, gzip or not, and answers like a collector, or with the
 * status a test asks for.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { decodeRequest, encodeEmptyResponse } from './otlp-proto.js';
import type { OtlpRequest } from './otlp-model.js';

export interface ReceivedExport {
  readonly path: string;
  readonly contentType: string;
  readonly contentEncoding: string | undefined;
  readonly headers: IncomingHttpHeaders;
  /** Size on the wire. */
  readonly bytes: number;
  readonly body: OtlpRequest;
}

export interface OtlpReceiver {
  /** Base URL, e.g. http://127.0.0.1:43127 (the exporter appends /v1/metrics). */
  readonly url: string;
  readonly exports: ReceivedExport[];
  /** Requests answered, including refused ones. */
  readonly requests: number;
  /** Status of the next answers: 200, or an error such as 503. */
  status: number;
  /** Optional body of error answers. */
  errorBody: string;
  /** Resolves once `count` exports in total have been received. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedExport[]>;
  close(): Promise<void>;
}

export async function startReceiver(options: { status?: number } = {}): Promise<OtlpReceiver> {
  const exports: ReceivedExport[] = [];
  const waiters = new Set<() => void>();
  let requests = 0;
  const state = { status: options.status ?? 200, errorBody: '' };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests += 1;
      if (state.status !== 200) {
        res.writeHead(state.status, { 'content-type': 'text/plain' }).end(state.errorBody);
        for (const w of waiters) w();
        return;
      }
      const raw = Buffer.concat(chunks);
      const encoding = req.headers['content-encoding'];
      const payload = encoding === 'gzip' ? gunzipSync(raw) : raw;
      const contentType = String(req.headers['content-type'] ?? '');
      const json = contentType.startsWith('application/json');
      let body: OtlpRequest;
      try {
        body = (json ? JSON.parse(payload.toString('utf8')) : decodeRequest(payload)) as OtlpRequest;
      } catch (err) {
        res.writeHead(400, { 'content-type': 'text/plain' }).end(`cannot decode: ${String(err)}`);
        return;
      }
      exports.push({ path: req.url ?? '', contentType, contentEncoding: encoding, headers: req.headers, bytes: raw.length, body });
      if (json) res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      else res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end(Buffer.from(encodeEmptyResponse()));
      for (const w of waiters) w();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;

  return {
    url: `http://127.0.0.1:${port}`,
    exports,
    get requests() {
      return requests;
    },
    get status() {
      return state.status;
    },
    set status(value: number) {
      state.status = value;
    },
    get errorBody() {
      return state.errorBody;
    },
    set errorBody(value: string) {
      state.errorBody = value;
    },
    waitFor(count, timeoutMs = 10_000) {
      if (exports.length >= count) return Promise.resolve(exports.slice());
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`expected ${count} exports within ${timeoutMs} ms, got ${exports.length}`));
        }, timeoutMs);
        const check = (): void => {
          if (exports.length < count) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(exports.slice());
        };
        waiters.add(check);
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
