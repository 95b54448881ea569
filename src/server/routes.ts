/**
 * The pages Prometheus and Kubernetes call, as plain node:http handlers: the request listener
 * answers them before Express is even loaded (see http.ts), and the Express app answers them
 * with the same functions, so both paths give the same bytes.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import Negotiator from 'negotiator';
import type { Logger } from '../log.js';
import type { PollResult } from '../poll/poller.js';
import type { Body } from '../prometheus/body.js';
import type { MetricsPage } from '../prometheus/page.js';
import type { Snapshot } from '../snapshot.js';

/** What the readiness probe and the landing page read: the poller's state. */
export interface PollState {
  readonly current: Snapshot | undefined;
  readonly lastResult: PollResult | undefined;
}

/**
 * The web config's headers, client certificate and basic authentication (web/security.ts), for
 * the request to `path`: calls `next()` when the page may be served, else answers itself.
 */
export type Gate = (path: string, req: IncomingMessage, res: ServerResponse, next: () => void) => void;

export interface AppOptions {
  readonly poll: PollState;
  /** What /metrics serves. */
  readonly page: Pick<MetricsPage, 'body' | 'contentType'>;
  readonly version: string;
  readonly accountId: string;
  readonly logger: Logger;
  /** Runs before every page. */
  readonly gate?: Gate;
}

export type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/**
 * A short text answer, with the headers Express's `res.type('text/plain').send(text)` gives
 * (a HEAD request gets them without the body: Node drops it).
 */
export function sendText(res: ServerResponse, status: number, text: string, headers: Readonly<Record<string, string>> = {}): void {
  res.statusCode = status;
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}

/** Whether an Accept-Encoding header takes gzip over identity, as Express's `req.acceptsEncodings('gzip', 'identity')` decides. */
export function prefersGzip(header: string | undefined): boolean {
  return new Negotiator({ headers: { 'accept-encoding': header } }).encodings(['gzip', 'identity'])[0] === 'gzip';
}

export interface Routes {
  readonly metrics: Handler;
  readonly healthz: Handler;
  readonly readyz: Handler;
}

export function createRoutes({ poll, page, logger }: Pick<AppOptions, 'poll' | 'page' | 'logger'>): Routes {
  // Prometheus sends the same Accept-Encoding at every scrape: negotiate once per distinct header.
  let negotiated: { readonly header: string | undefined | null; readonly gzip: boolean } = { header: null, gzip: false };
  // The response headers of each body, built once and handed to writeHead in one call, not five setHeader calls a scrape.
  const headersOf = new WeakMap<Body, string[]>();
  const headers = (body: Body, gzip: boolean): string[] => {
    let list = headersOf.get(body);
    if (!list) {
      // The web config cannot set Vary (web/config.ts), so nothing is there to append to.
      list = ['Content-Type', page.contentType, 'Cache-Control', 'no-store', 'Vary', 'Accept-Encoding', ...(gzip ? ['Content-Encoding', 'gzip'] : []), 'Content-Length', String(body.length)];
      headersOf.set(body, list);
    }
    return list;
  };
  return {
    async metrics(req, res) {
      try {
        const bodies = await page.body();
        const header = req.headers['accept-encoding'];
        const { gzip } = negotiated.header === header ? negotiated : (negotiated = { header, gzip: prefersGzip(header) });
        const body = gzip ? bodies.gzip : bodies.plain;
        res.writeHead(200, headers(body, gzip));
        if (body.chunks.length === 1) {
          res.end(body.chunks[0]);
          return;
        }
        // The cached buffers as they are, in one write to the socket: no copy of the page per scrape.
        res.cork();
        for (const chunk of body.chunks) res.write(chunk);
        res.end();
        res.uncork();
      } catch (err) {
        logger.error('rendering /metrics failed', { error: err });
        sendText(res, 500, 'rendering metrics failed\n');
      }
    },
    healthz(_req, res) {
      sendText(res, 200, 'ok\n');
    },
    readyz(_req, res) {
      if (poll.current) sendText(res, 200, 'ready\n');
      else sendText(res, 503, 'not ready: no successful poll yet\n');
    },
  };
}
