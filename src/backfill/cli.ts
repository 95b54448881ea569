/**
 * `liveperson-nht-exporter backfill ...`: reads the options and the exporter's configuration,
 * refuses what cannot work before any request (exit 2), runs, and prints a summary.
 * Returns the exit code; never calls process.exit, so tests run it in-process.
 */
import type { Writable } from 'node:stream';
import { demoAccount } from '../app.js';
import { connectLivePerson } from '../connect.js';
import type { Config } from '../config/index.js';
import type { Logger } from '../log.js';
import type { NhtClient } from '../liveperson/nht-client.js';
import type { LivePersonObserver } from '../liveperson/retry.js';
import { EgressAgent } from '../proxy/dispatcher.js';
import { resolveProxySettings } from '../proxy/settings.js';
import { loadConfig } from '../config/index.js';
import { createLogger } from '../log.js';
import type { Simulator } from '../simulator/types.js';
import { parseBackfillArgs } from './options.js';
import { Progress } from './progress.js';
import { checkPromtool } from './promtool.js';
import { RETENTION_MARGIN_MS, RETENTION_MS, resolveRange } from './range.js';
import { backfill } from './run.js';

export interface BackfillIo {
  readonly stdout: Writable;
  readonly stderr: NodeJS.WriteStream | Writable;
  /** Clock, epoch ms: tests drive it. */
  readonly now?: () => number;
  readonly signal?: AbortSignal;
  /** Progress log interval when stderr is not a terminal, ms. */
  readonly progressEvery?: number;
}

interface LivePersonConnection {
  readonly connections: EgressAgent;
  readonly nht: NhtClient;
}

/** The NHT client the exporter builds from this configuration: same proxy, retries, discovery, credentials and limits. */
function connectNht(
  config: Config,
  lp: Config['liveperson'],
  deps: { readonly logger: Logger; readonly observer: LivePersonObserver; readonly now: () => number; readonly env: NodeJS.ProcessEnv },
): LivePersonConnection {
  const connections = new EgressAgent(resolveProxySettings(config.proxy.url, deps.env));
  const { credentials, nhtClient } = connectLivePerson(config, lp, {
    logger: deps.logger.child({ component: 'liveperson' }),
    observer: deps.observer,
    now: deps.now,
    dispatcher: connections,
  });
  return { connections, nht: nhtClient(credentials(lp)) };
}

export async function backfillMain(argv: readonly string[], env: NodeJS.ProcessEnv, io: BackfillIo): Promise<number> {
  const say = (line: string) => io.stderr.write(line.endsWith('\n') ? line : line + '\n');
  const now = io.now ?? Date.now;
  const parsed = parseBackfillArgs(argv);
  if (!parsed.ok) {
    say(`backfill: ${parsed.error}`);
    return 2;
  }
  const { args, rest } = parsed;
  if (!args.output && !args.blocks) {
    say('backfill: give --output FILE (or - for standard output), --blocks DIR, or both');
    return 2;
  }
  const loaded = loadConfig(rest, env);
  if (!loaded.ok) {
    for (const line of loaded.errors) say(`invalid configuration: ${line}`);
    return 2;
  }
  const { config } = loaded;
  const started = now();
  const range = resolveRange(args.from, args.to, started);
  if (!range.ok) {
    say(`backfill: ${range.error}`);
    return 2;
  }
  if (args.blocks) {
    const missing = await checkPromtool(args.promtool);
    if (missing) {
      say(`backfill: ${missing}`);
      return 2;
    }
  }

  const logger = createLogger({ ...config.log, write: (line) => say(line) });
  for (const warning of loaded.warnings) logger.warn(warning);
  const stderr = io.stderr as NodeJS.WriteStream;
  const progress = new Progress({ stream: stderr, logger, now, plain: !stderr.isTTY, ...(io.progressEvery !== undefined && { logEvery: io.progressEvery }) });
  let simulator: Simulator | undefined;
  let lp = config.liveperson;
  let connection: LivePersonConnection | undefined;
  try {
    if (config.demo) ({ simulator, liveperson: lp } = await demoAccount(config, logger));
    connection = connectNht(config, lp, { logger, observer: progress, now, env });
    logger.info('backfill starting', { from: new Date(range.range.from).toISOString(), to: new Date(range.range.to).toISOString(), output: args.output, blocks: args.blocks, labels: args.labels });
    const summary = await backfill({
      client: connection.nht,
      accountId: lp.accountId,
      range: range.range,
      schedule: { interval: config.poll.interval, settleDelay: config.poll.settleDelay },
      labels: args.labels,
      promtool: args.promtool,
      oldestKept: started - RETENTION_MS + RETENTION_MARGIN_MS,
      logger,
      progress,
      stdout: io.stdout,
      now,
      ...(args.output !== undefined && { output: args.output }),
      ...(args.blocks !== undefined && { blocks: args.blocks }),
      ...(io.signal && { signal: io.signal }),
    });
    logger.info('backfill finished', { ...summary, requests: progress.counts.requests, retries: progress.counts.retries, output: args.output, blocks: args.blocks });
    return 0;
  } catch (err) {
    // Stopped by a signal: say so, whatever the step that was interrupted threw.
    const reason: unknown = io.signal?.aborted ? io.signal.reason : err;
    const message = reason instanceof Error ? reason.message : String(reason);
    logger.error('backfill failed; nothing was left under the final names', { error: message });
    return 1;
  } finally {
    connection?.nht.close();
    await connection?.connections.close();
    await simulator?.stop();
  }
}
