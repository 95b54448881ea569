/**
 * The Express app: every page, the landing page and Express's own answers (404, OPTIONS, paths
 * such as `/Metrics` or `/metrics/` that its router matches). Loaded on the first request the
 * request listener of http.ts does not answer itself, so that importing Express is no part of
 * start-up or of a scrape.
 */
import express, { type Express } from 'express';
import { landingPage } from './landing.js';
import type { AppOptions, Routes } from './routes.js';

export function createApp({ poll, version, accountId, gate }: Omit<AppOptions, 'page' | 'logger'>, routes: Routes): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  if (gate) app.use((req, res, next) => gate(req.path, req, res, next));
  app.get('/metrics', routes.metrics);
  app.get('/healthz', routes.healthz);
  app.get('/readyz', routes.readyz);
  app.get('/', (_req, res) => {
    res.type('html').send(landingPage({ version, accountId, last: poll.lastResult, current: poll.current }));
  });
  return app;
}
