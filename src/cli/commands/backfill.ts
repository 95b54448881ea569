/** `backfill`: the NHT history LivePerson keeps, as OpenMetrics text or Prometheus blocks (src/backfill). */
import { setFlagsFromString } from 'node:v8';
import { BACKFILL_OPTIONS } from '../../backfill/options.js';
import type { Command } from '../command.js';
import type { CliOption } from '../options.js';

/** The backfill's own table (src/backfill/options.ts), in the shape every command's options take. */
const OPTIONS: readonly CliOption[] = BACKFILL_OPTIONS.map((o) => ({ name: o.name, type: 'string', usage: `--${o.name} ${o.value}`, doc: o.help }));

export const backfillCommand: Command = {
  name: 'backfill',
  summary:
    'Write the NHT history LivePerson keeps (up to 9 weeks) as OpenMetrics text or ready Prometheus blocks, with the meaning of /metrics at every past instant (docs/history.md).',
  options: OPTIONS,
  configuration: true,
  async run(argv, io) {
    // A backfill parses a page of LivePerson's JSON every few milliseconds, and V8 by default lets
    // the heap grow to several times what is live before collecting: about 100 MB of dead pages.
    // Favouring memory over speed keeps nine weeks at 1,000 skills near 180 MB instead of 280
    // (docs/history.md). Set here, for this process only: never in the exporter, nor in a test
    // worker that runs backfillMain in-process.
    setFlagsFromString('--optimize-for-size');
    // Loaded only for this command: the exporter itself never needs it.
    const { backfillMain } = await import('../../backfill/cli.js');
    const stop = new AbortController();
    const onSignal = (signal: string) => () => stop.abort(new Error(`stopped by ${signal}`));
    const int = onSignal('SIGINT');
    const term = onSignal('SIGTERM');
    process.once('SIGINT', int);
    process.once('SIGTERM', term);
    try {
      return await backfillMain(argv, io.env, { stdout: process.stdout, stderr: process.stderr, signal: stop.signal });
    } finally {
      process.off('SIGINT', int);
      process.off('SIGTERM', term);
    }
  },
};
