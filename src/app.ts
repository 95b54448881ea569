import type { Config } from './config/index.js';
import { createNhtClient, type AuthConfig, type NhtClient } from './liveperson/index.js';
import { createLogger, type Logger } from './log.js';
import { Poller } from './poll/poller.js';
import { OwnMetrics } from './prometheus/own-metrics.js';
import { createApp, listen } from './server/http.js';
import { SIMULATOR_DEFAULTS, startSimulator } from './simulator/index.js';
import type { Simulator } from './simulator/types.js';
import { VERSION } from './version.js';

export interface ExporterOptions {
  readonly logger?: Logger;
  /** Clock for the poll schedule and token expiry, epoch ms. */
  readonly now?: () => number;
  /** Time an in-flight poll gets to finish on stop before it is aborted, ms. */
  readonly stopGraceMs?: number;
}

/** A running exporter: tests start it on port 0 and stop it; main.ts does the same from signals. */
export interface Exporter {
  readonly url: string;
  readonly port: number;
  readonly accountId: string;
  readonly poller: Poller;
  readonly metrics: OwnMetrics;
  /** The built-in LivePerson simulator, in demo mode. */
  readonly simulator?: Simulator;
  stop(): Promise<void>;
}

type LivePersonSettings = Config['liveperson'] & { readonly discoveryScheme?: 'http' | 'https' };

function authConfig(lp: Config['liveperson']): AuthConfig {
  switch (lp.authMode) {
    case 'oauth1':
      return { mode: 'oauth1', appKey: lp.appKey, appSecret: lp.appSecret, accessToken: lp.accessToken, accessTokenSecret: lp.accessTokenSecret };
    case 'bearer':
      return { mode: 'bearer', token: lp.bearerToken };
    default:
      return { mode: 'oauth2', clientId: lp.clientId, clientSecret: lp.clientSecret };
  }
}

/** Demo mode: the simulator plays LivePerson, found through its Domain API like a real account. */
async function demoAccount(config: Config, logger: Logger): Promise<{ simulator: Simulator; liveperson: LivePersonSettings }> {
  const simulator = await startSimulator({
    host: '127.0.0.1',
    port: config.simulator.port,
    skills: config.simulator.skills,
    seed: config.simulator.seed,
    tokenTtlSeconds: 600,
  });
  logger.info('demo mode: polling the built-in LivePerson simulator', { simulator: simulator.url, skills: simulator.skillIds.length });
  return {
    simulator,
    liveperson: {
      ...config.liveperson,
      accountId: simulator.accountId,
      authMode: 'oauth2',
      clientId: SIMULATOR_DEFAULTS.clientId,
      clientSecret: SIMULATOR_DEFAULTS.clientSecret,
      csdsUrl: simulator.url,
      nhtBaseUrl: '',
      sentinelBaseUrl: '',
      discoveryScheme: 'http',
    },
  };
}

/** Starts polling and serving; resolves once the HTTP server listens (the first poll runs in the background). */
export async function startExporter(config: Config, options: ExporterOptions = {}): Promise<Exporter> {
  const logger = options.logger ?? createLogger(config.log);
  const demo = config.demo ? await demoAccount(config, logger) : undefined;
  const lp: LivePersonSettings = demo?.liveperson ?? config.liveperson;
  const metrics = new OwnMetrics(VERSION);
  const now = options.now ?? Date.now;

  let client: NhtClient | undefined;
  let http: Awaited<ReturnType<typeof listen>> | undefined;
  try {
    client = createNhtClient({
      accountId: lp.accountId,
      auth: authConfig(lp),
      csdsUrl: lp.csdsUrl,
      discoveryScheme: lp.discoveryScheme,
      nhtBaseUrl: lp.nhtBaseUrl,
      sentinelBaseUrl: lp.sentinelBaseUrl,
      skillIds: lp.skillIds,
      source: lp.source,
      requestTimeout: lp.requestTimeout,
      concurrency: config.poll.concurrency,
      maxRetries: config.poll.maxRetries,
      retryDelay: config.poll.retryDelay,
      throttleDelay: config.poll.throttleDelay,
      logger: logger.child({ component: 'liveperson' }),
      observer: metrics,
      now,
    });
    const poller = new Poller({
      source: client,
      accountId: lp.accountId,
      interval: config.poll.interval,
      settleDelay: config.poll.settleDelay,
      logger: logger.child({ component: 'poller' }),
      metrics,
      now,
    });
    const app = createApp({ source: poller, metrics, version: VERSION, accountId: lp.accountId, logger });
    http = await listen(app, config.server.host, config.server.port);
    poller.start();
    logger.info('listening', { url: `${http.url}/metrics`, account_id: lp.accountId, version: VERSION });

    const server = http;
    const nht = client;
    let stopping: Promise<void> | undefined;
    return {
      url: server.url,
      port: server.port,
      accountId: lp.accountId,
      poller,
      metrics,
      simulator: demo?.simulator,
      stop: () =>
        (stopping ??= (async () => {
          await poller.stop(options.stopGraceMs);
          await server.close();
          await nht.close();
          await demo?.simulator.stop();
        })()),
    };
  } catch (err) {
    await http?.close();
    await client?.close();
    await demo?.simulator.stop();
    throw err;
  }
}
