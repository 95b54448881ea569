import type { PushMetricExporter } from '@opentelemetry/sdk-metrics';
import { formatDuration, type Config } from './config/index.js';
import { createAuthorizer, type AuthConfig } from './liveperson/auth.js';
import { createDomainResolver } from './liveperson/domain.js';
import { createNhtClient, type NhtClient } from './liveperson/nht-client.js';
import type { RequestDeps } from './liveperson/retry.js';
import { createSkillsClient } from './liveperson/skills-client.js';
import { createLogger, type Logger } from './log.js';
import { OwnMetrics } from './metrics/own.js';
import { Poller } from './poll/poller.js';
import { MetricsPage } from './prometheus/page.js';
import { EgressAgent } from './proxy/dispatcher.js';
import { resolveProxySettings, showProxy } from './proxy/settings.js';
import { createApp, listen, SERVER_TIMEOUTS } from './server/http.js';
import { SIMULATOR_DEFAULTS, startSimulator } from './simulator/index.js';
import { SkillNames } from './skills/refresher.js';
// start.js loads the OpenTelemetry SDK only when the push is on.
import { startPushFromConfig, type OtlpPusher } from './otlp/start.js';
import type { Simulator } from './simulator/types.js';
import { VERSION } from './version.js';
import { startWebSecurity, type WebSecurity } from './web/security.js';

export interface ExporterOptions {
  readonly logger?: Logger;
  /** Clock for the poll schedule and token expiry, epoch ms. */
  readonly now?: () => number;
  /** Time an in-flight poll gets to finish on stop before it is aborted, ms (default 5 s). */
  readonly stopGraceMs?: number;
  /** Time `stop()` takes at most, whatever LivePerson or the OTLP receiver do, ms (default {@link SHUTDOWN_MS}). */
  readonly shutdownMs?: number;
  /** Where HTTPS_PROXY, HTTP_PROXY and NO_PROXY are read from; process.env by default. */
  readonly env?: NodeJS.ProcessEnv;
  /** Receives the OTLP push instead of the configured endpoint (tests: the SDK's InMemoryMetricExporter). */
  readonly otlpExporter?: PushMetricExporter;
}

/**
 * The documented shutdown time: `stop()` resolves within it. An in-flight poll gets up to 5 s
 * of it, the final OTLP push what is left but {@link CLOSE_RESERVE_MS}, and closing the
 * connections the rest. main.ts exits 0 at {@link SHUTDOWN_MS} + 1 s at the latest.
 */
export const SHUTDOWN_MS = 9_000;
/** Kept back from the final push for closing the HTTP server and the connections. */
const CLOSE_RESERVE_MS = 1_000;

/** A running exporter: tests start it on port 0 and stop it; main.ts does the same from signals. */
export interface Exporter {
  readonly url: string;
  readonly port: number;
  readonly accountId: string;
  readonly poller: Poller;
  readonly metrics: OwnMetrics;
  /** The built-in LivePerson simulator, in demo mode. */
  readonly simulator?: Simulator;
  /** Skill names from the Skills API (`liveperson_skill_info`); undefined when switched off. */
  readonly skillNames?: SkillNames;
  /** The OTLP push; undefined unless OTEL_METRICS_EXPORTER is otlp. */
  readonly otlp?: OtlpPusher;
  /** TLS and authentication of the HTTP server, from the web config file. */
  readonly web: WebSecurity;
  stop(): Promise<void>;
}


/** The credentials of the configured auth mode; check-config --online builds the same. */
export function authConfig(lp: Config['liveperson']): AuthConfig {
  switch (lp.authMode) {
    case 'oauth1':
      return { mode: 'oauth1', appKey: lp.appKey, appSecret: lp.appSecret, accessToken: lp.accessToken, accessTokenSecret: lp.accessTokenSecret };
    case 'bearer':
      return { mode: 'bearer', token: lp.bearerToken };
    default:
      return { mode: 'oauth2', clientId: lp.clientId, clientSecret: lp.clientSecret };
  }
}

/** Waits for `promise` at most `ms`; true when it settled in time (a rejection counts: stopping carries on). */
async function within(promise: Promise<unknown> | undefined, ms: number): Promise<boolean> {
  if (!promise) return true;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([promise.then(() => true, () => true), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Demo mode: the simulator plays LivePerson, found through its Domain API like a real account. */
async function demoAccount(config: Config, logger: Logger): Promise<{ simulator: Simulator; liveperson: Config['liveperson'] }> {
  const simulator = await startSimulator({
    host: '127.0.0.1',
    port: config.simulator.port,
    skills: config.simulator.skills,
    seed: config.simulator.seed,
    tokenTtlSeconds: 600,
  });
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
      accountConfigBaseUrl: '',
    },
  };
}

/** Starts polling and serving; resolves once the HTTP server listens (the first poll runs in the background). */
export async function startExporter(config: Config, options: ExporterOptions = {}): Promise<Exporter> {
  const logger = options.logger ?? createLogger(config.log);
  // First: a web config that cannot be used stops the start before anything else runs.
  const web = await startWebSecurity(config.server.webConfigFile || undefined, logger.child({ component: 'web' }));
  const demo = config.demo ? await demoAccount(config, logger) : undefined;
  const lp: Config['liveperson'] = demo?.liveperson ?? config.liveperson;
  const metrics = new OwnMetrics(VERSION);
  const now = options.now ?? Date.now;

  let client: NhtClient | undefined;
  let http: Awaited<ReturnType<typeof listen>> | undefined;
  let otlp: OtlpPusher | undefined;
  // One connection pool, proxy, retry policy, host discovery and credential for every LivePerson
  // API (Domain, token, NHT, Skills). The request timeout is applied per request (see httpRequest).
  const proxies = resolveProxySettings(config.proxy.url, options.env ?? process.env);
  if (proxies.httpsProxy || proxies.httpProxy) {
    logger.info('sending LivePerson requests and the OTLP push through a proxy', {
      https_proxy: proxies.httpsProxy && showProxy(proxies.httpsProxy),
      http_proxy: proxies.httpProxy && showProxy(proxies.httpProxy),
      no_proxy: proxies.noProxy,
    });
  }
  const connections = new EgressAgent(proxies);
  const requests: RequestDeps = {
    timeoutMs: lp.requestTimeout,
    retry: { maxRetries: config.poll.maxRetries, retryDelayMs: config.poll.retryDelay, throttleDelayMs: config.poll.throttleDelay },
    logger: logger.child({ component: 'liveperson' }),
    observer: metrics,
    now,
    dispatcher: connections,
  };
  try {
    const resolver = createDomainResolver({
      ...requests,
      accountId: lp.accountId,
      csdsUrl: lp.csdsUrl,
      overrides: { leDataReporting: lp.nhtBaseUrl, sentinel: lp.sentinelBaseUrl, accountConfigReadOnly: lp.accountConfigBaseUrl },
    });
    const authorizer = createAuthorizer(authConfig(lp), { ...requests, accountId: lp.accountId, resolver });
    client = createNhtClient({
      ...requests,
      accountId: lp.accountId,
      authorizer,
      resolver,
      skillIds: lp.skillIds,
      originator: lp.source,
      concurrency: config.poll.concurrency,
      maxSkills: config.poll.maxSkills,
    });
    // Assigned below: the poller tells the page of each snapshot, and the page reads the poller.
    let page: MetricsPage | undefined;
    const poller = new Poller({
      client,
      accountId: lp.accountId,
      interval: config.poll.interval,
      settleDelay: config.poll.settleDelay,
      deadline: config.poll.deadline,
      logger: logger.child({ component: 'poller' }),
      metrics,
      onSnapshot: () => page?.refresh(),
      now,
    });
    const namesLogger = logger.child({ component: 'skill-names' });
    const names = config.skillNames.enabled
      ? new SkillNames({
          client: createSkillsClient({ ...requests, logger: namesLogger, accountId: lp.accountId, authorizer, resolver }),
          interval: config.skillNames.interval,
          logger: namesLogger,
          observer: metrics,
          now,
        })
      : undefined;
    if (names) metrics.trackSkillNames();
    otlp = await startPushFromConfig(config.otlp, {
      poller,
      metrics,
      accountId: lp.accountId,
      version: VERSION,
      logger: logger.child({ component: 'otlp' }),
      now,
      proxies,
      ...(names && { skillNames: names }),
      ...(options.otlpExporter && { exporter: options.otlpExporter }),
    });
    page = new MetricsPage({
      accountId: lp.accountId,
      snapshot: () => poller.current,
      own: metrics,
      ...(names && { skillNames: () => names.current() }),
    });
    const app = createApp({ poll: poller, page, version: VERSION, accountId: lp.accountId, logger, gate: web.gate });
    http = await listen(app, config.server.host, config.server.port, SERVER_TIMEOUTS, web.serverOptions);
    web.attach(http.server);
    poller.start();
    names?.start();
    // The first line a person reads: what runs, for whom, where to scrape it, how often it polls.
    logger.info('listening', {
      url: `${http.url}/metrics`,
      version: VERSION,
      account_id: lp.accountId,
      auth: demo ? 'demo' : lp.authMode,
      poll_every: formatDuration(config.poll.interval),
    });

    const server = http;
    const nht = client;
    const push = otlp;
    let stopping: Promise<void> | undefined;
    return {
      url: server.url,
      port: server.port,
      accountId: lp.accountId,
      poller,
      metrics,
      simulator: demo?.simulator,
      ...(names && { skillNames: names }),
      ...(push && { otlp: push }),
      web,
      stop: () =>
        (stopping ??= (async () => {
          const budget = options.shutdownMs ?? SHUTDOWN_MS;
          const deadline = performance.now() + budget;
          const left = (): number => Math.max(0, deadline - performance.now());
          await poller.stop(Math.min(options.stopGraceMs ?? 5_000, Math.max(0, left() - 2 * CLOSE_RESERVE_MS)));
          // After the poller, so the one final export carries the last poll's data.
          if (push) {
            const pushBudget = Math.max(1, left() - CLOSE_RESERVE_MS);
            if (!(await within(push.stop(pushBudget), pushBudget + 100))) {
              logger.warn('the final OTLP push did not finish in time; stopping without it', { waited_ms: pushBudget });
            }
          }
          await within(names?.stop(), left());
          web.stop();
          await within(server.close(Math.min(2_000, left())), left());
          nht.close();
          // close() waits for requests in flight; past the budget, destroy() drops them.
          if (!(await within(connections.close(), left()))) await connections.destroy();
          await within(demo?.simulator.stop(), left());
        })()),
    };
  } catch (err) {
    web.stop();
    await otlp?.stop();
    await http?.close();
    client?.close();
    await connections.close();
    await demo?.simulator.stop();
    throw err;
  }
}
