import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express } from 'express';
import type { Logger } from '../log.js';
import type { PollResult } from '../poll/poller.js';
import { gzipBody, plainBody } from '../prometheus/exposition.js';
import type { MetricsPage } from '../prometheus/page.js';
import type { Snapshot } from '../snapshot.js';
import { landingPage } from './landing.js';

/** What the HTTP server reads: never the LivePerson API, only the last published poll. */
export interface ServerSource {
  readonly current: Snapshot | undefined;
  readonly lastResult: PollResult | undefined;
}

export interface AppOptions {
  readonly source: ServerSource;
  /** What /metrics serves. */
  readonly page: Pick<MetricsPage, 'parts' | 'own' | 'contentType'>;
  readonly version: string;
  readonly accountId: string;
  readonly logger: Logger;
}

export function createApp({ source, page, version, accountId, logger }: AppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);

  app.get('/metrics', async (req, res) => {
    try {
      const parts = page.parts();
      const own = await page.own();
      res.set('Content-Type', page.contentType);
      res.set('Cache-Control', 'no-store');
      res.vary('Accept-Encoding');
      if (req.acceptsEncodings('gzip', 'identity') === 'gzip') {
        res.set('Content-Encoding', 'gzip');
        res.send(gzipBody(parts, own));
      } else {
        res.send(plainBody(parts, own));
      }
    } catch (err) {
      logger.error('rendering /metrics failed', { error: err });
      res.status(500).type('text/plain').send('rendering metrics failed\n');
    }
  });

  app.get('/healthz', (_req, res) => {
    res.type('text/plain').send('ok\n');
  });

  app.get('/readyz', (_req, res) => {
    if (source.current) res.type('text/plain').send('ready\n');
    else res.status(503).type('text/plain').send('not ready: no successful poll yet\n');
  });

  app.get('/', (_req, res) => {
    res.type('html').send(landingPage({ version, accountId, last: source.lastResult, current: source.current }));
  });

  return app;
}

export interface Listening {
  readonly server: Server;
  readonly port: number;
  readonly url: string;
  close(): Promise<void>;
}

/** Listens on host:port (0 picks a free port); `close()` ends keep-alive connections too. */
export function listen(app: Express, host: string, port: number): Promise<Listening> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host);
    server.once('error', reject);
    server.once('listening', () => {
      const address = server.address() as AddressInfo;
      const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      resolve({
        server,
        port: address.port,
        url: `http://${shown === '0.0.0.0' ? '127.0.0.1' : shown}:${address.port}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeIdleConnections();
            setTimeout(() => server.closeAllConnections(), 2000).unref();
          }),
      });
    });
  });
}
