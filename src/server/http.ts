import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type ServerOptions as HttpsOptions } from 'node:https';
import type { AddressInfo } from 'node:net';
import { bindError } from './bind-error.js';
import { createRoutes, sendText, type AppOptions, type Handler, type Routes } from './routes.js';

export type { AppOptions, Gate, PollState } from './routes.js';

/** The pages answered without Express, by exact path (a query string is ignored, as Express does). */
function fastRoutes(routes: Routes): ReadonlyMap<string, Handler> {
  return new Map([
    ['/metrics', routes.metrics],
    ['/healthz', routes.healthz],
    ['/readyz', routes.readyz],
  ]);
}

/**
 * The server's request listener. GET and HEAD of /metrics, /healthz and /readyz are answered
 * here, after the gate: Express's routing costs about 25 µs a request, as much as the rest of a
 * scrape at 1,000 skills, and importing Express about 60 ms of start-up. Every other request
 * goes to the Express app (express-app.ts, imported on the first such request), which runs the
 * gate itself and answers as it always did: the landing page, 404s, OPTIONS, and the paths its
 * router also matches (`/Metrics`, `/metrics/`) with the same handlers. The gate runs once per
 * request either way.
 */
export function createRequestListener(options: AppOptions): RequestListener {
  const { gate, logger } = options;
  const routes = createRoutes(options);
  const fast = fastRoutes(routes);
  let app: Promise<RequestListener> | undefined;
  const express = (): Promise<RequestListener> =>
    (app ??= import('./express-app.js').then(
      ({ createApp }) => createApp(options, routes),
      (err: unknown) => {
        // Tried again at the next request rather than failing every later one until a restart.
        app = undefined;
        throw err;
      },
    ));
  // Express caught what a handler threw; without it, a rejection would end the process.
  const failed = (what: string, res: ServerResponse) => (err: unknown) => {
    logger.error(what, { error: err });
    if (!res.headersSent) sendText(res, 500, 'Internal Server Error\n');
    else res.destroy();
  };
  const run = (handler: Handler, req: IncomingMessage, res: ServerResponse): void => {
    try {
      Promise.resolve(handler(req, res)).catch(failed('answering a request failed', res));
    } catch (err) {
      failed('answering a request failed', res)(err);
    }
  };
  return (req, res) => {
    const url = req.url ?? '';
    const query = url.indexOf('?');
    const path = query < 0 ? url : url.slice(0, query);
    const handler = req.method === 'GET' || req.method === 'HEAD' ? fast.get(path) : undefined;
    if (handler) {
      if (gate) gate(path, req, res, () => run(handler, req, res));
      else run(handler, req, res);
      return;
    }
    express().then((serve) => serve(req, res), failed('cannot load the web app', res));
  };
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
export function listen(app: RequestListener, host: string, port: number, timeouts: ServerTimeouts = SERVER_TIMEOUTS, tls?: HttpsOptions): Promise<Listening> {
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
