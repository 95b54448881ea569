import { createServer, type Server } from 'node:http';
import { createServer as createHttpsServer, type ServerOptions as HttpsOptions } from 'node:https';
import type { AddressInfo } from 'node:net';
import express, { type Express, type RequestHandler } from 'express';
import type { Logger } from '../log.js';
import type { PollResult } from '../poll/poller.js';
import type { MetricsPage } from '../prometheus/page.js';
import type { Snapshot } from '../snapshot.js';
import { bindError } from './bind-error.js';
import { landingPage } from './landing.js';

/** What the HTTP server reads: never the LivePerson API, only the last published poll. */
/** What the readiness probe and the landing page read: the poller's state. */
export interface PollState {
  readonly current: Snapshot | undefined;
  readonly lastResult: PollResult | undefined;
}

export interface AppOptions {
  readonly poll: PollState;
  /** What /metrics serves. */
  readonly page: Pick<MetricsPage, 'body' | 'contentType'>;
  readonly version: string;
  readonly accountId: string;
  readonly logger: Logger;
  /** Runs before every page: the web config's headers, client certificate and basic authentication. */
  readonly gate?: RequestHandler;
}

export function createApp({ poll, page, version, accountId, logger, gate }: AppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  if (gate) app.use(gate);

  // Prometheus sends the same Accept-Encoding at every scrape: negotiate once per distinct header.
  let negotiated: { readonly header: string | undefined | null; readonly gzip: boolean } = { header: null, gzip: false };
  app.get('/metrics', async (req, res) => {
    try {
      const bodies = await page.body();
      const header = req.headers['accept-encoding'];
      const { gzip } =
        negotiated.header === header ? negotiated : (negotiated = { header, gzip: req.acceptsEncodings('gzip', 'identity') === 'gzip' });
      const body = gzip ? bodies.gzip : bodies.plain;
      res.setHeader('Content-Type', page.contentType);
      res.setHeader('Cache-Control', 'no-store');
      res.vary('Accept-Encoding');
      if (gzip) res.setHeader('Content-Encoding', 'gzip');
      res.setHeader('Content-Length', body.length);
      // The cached buffers as they are, in one write to the socket: no copy of the page per scrape.
      res.cork();
      for (const chunk of body.chunks) res.write(chunk);
      res.end();
      res.uncork();
    } catch (err) {
      logger.error('rendering /metrics failed', { error: err });
      res.status(500).type('text/plain').send('rendering metrics failed\n');
    }
  });

  app.get('/healthz', (_req, res) => {
    res.type('text/plain').send('ok\n');
  });

  app.get('/readyz', (_req, res) => {
    if (poll.current) res.type('text/plain').send('ready\n');
    else res.status(503).type('text/plain').send('not ready: no successful poll yet\n');
  });

  app.get('/', (_req, res) => {
    res.type('html').send(landingPage({ version, accountId, last: poll.lastResult, current: poll.current }));
  });

  return app;
}

export interface Listening {
  readonly server: Server;
  readonly port: number;
  readonly url: string;
  /** Stops listening; open connections are cut after `graceMs` (default 2 s). */
  close(graceMs?: number): Promise<void>;
}

/**
 * Time limits of the HTTP server, so that no client can hold a connection open for free:
 * a request's headers must arrive within 10 s (a connection that sends nothing, or half a
 * request, is closed then), a whole request within 30 s, and an idle keep-alive connection is
 * closed after 5 s (Node adds 1 s of its own; a scrape every 15 s or more then opens a new
 * connection, which costs little).
 * Node checks these every second rather than every 30 s.
 */
export interface ServerTimeouts {
  readonly headersTimeoutMs: number;
  readonly requestTimeoutMs: number;
  readonly keepAliveTimeoutMs: number;
  readonly checkIntervalMs: number;
}

export const SERVER_TIMEOUTS: ServerTimeouts = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  checkIntervalMs: 1_000,
};

/**
 * Listens on host:port (0 picks a free port), over TLS when given its options; `close()` ends
 * keep-alive connections too.
 */
export function listen(app: Express, host: string, port: number, timeouts: ServerTimeouts = SERVER_TIMEOUTS, tls?: HttpsOptions): Promise<Listening> {
  return new Promise((resolve, reject) => {
    const limits = {
      headersTimeout: timeouts.headersTimeoutMs,
      requestTimeout: timeouts.requestTimeoutMs,
      connectionsCheckingInterval: timeouts.checkIntervalMs,
    };
    // The TLS handshake gets the same limit as the headers: Node's default would be 120 s.
    const server: Server = tls
      ? createHttpsServer({ ...tls, ...limits, handshakeTimeout: timeouts.headersTimeoutMs }, app)
      : createServer(limits, app);
    // A property rather than an option: Node 20's createServer does not read it.
    server.keepAliveTimeout = timeouts.keepAliveTimeoutMs;
    server.listen(port, host);
    server.once('error', (err) => reject(bindError(err, host, port)));
    server.once('listening', () => {
      const address = server.address() as AddressInfo;
      const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      resolve({
        server,
        port: address.port,
        url: `${tls ? 'https' : 'http'}://${shown === '0.0.0.0' ? '127.0.0.1' : shown}:${address.port}`,
        close: (graceMs = 2000) =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeIdleConnections();
            setTimeout(() => server.closeAllConnections(), graceMs).unref();
          }),
      });
    });
  });
}
