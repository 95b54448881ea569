import type { PollResult } from '../poll/poller.js';
import { snippet } from '../secrets.js';
import type { Snapshot } from '../snapshot.js';

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** The small page at `/`: what this is, how the last poll went, where the metrics are. */
export function landingPage(p: { version: string; accountId: string; last?: PollResult; current?: Snapshot }): string {
  const last = p.last
    ? p.last.ok
      ? `succeeded at ${iso(p.last.at)}`
      : `failed at ${iso(p.last.at)}: ${escape(snippet(p.last.error ?? 'unknown error', 1000))}`
    : 'not run yet';
  const data = p.current
    ? `${p.current.skills.length} skills; 15-minute values for ${iso(p.current.window.quarterStart)}, hourly values for ${iso(p.current.window.hourStart)}`
    : 'no data yet';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>LivePerson NHT exporter</title></head>
<body>
<h1>LivePerson NHT exporter</h1>
<p>Version ${escape(p.version)}, account ${escape(p.accountId)}.</p>
<p>Last poll: ${last}.</p>
<p>Data: ${escape(data)}.</p>
<ul><li><a href="metrics">Metrics</a></li><li><a href="healthz">Health</a></li><li><a href="readyz">Readiness</a></li></ul>
</body></html>
`;
}
