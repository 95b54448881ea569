import type { PushMetricExporter } from '@opentelemetry/sdk-metrics';
import { formatDuration, type Config, type LoadResult } from './config/index.js';
import { connectLivePerson } from './connect.js';
import type { Authorizer } from './liveperson/authorizer.js';
import { createRotatingAuthorizer } from './liveperson/rotating-authorizer.js';
import { createSkillsClient, type SkillsClient } from './liveperson/skills-client.js';
import { createLogger, type Logger } from './log.js';
import { OwnMetrics } from './metrics/own.js';
import { Poller } from './poll/poller.js';
import { MetricsPage } from './prometheus/page.js';
import { EgressAgent } from './proxy/dispatcher.js';
import { resolveProxySettings, showProxy } from './proxy/settings.js';
import { createRequestListener, listen, SERVER_TIMEOUTS } from './server/http.js';
import { SkillNames } from './skills/refresher.js';
// start.js loads the OpenTelemetry SDK only when the push is on.
import { startPushFromConfig, type RunningPush } from './otlp/start.js';
import type { ReloadPlan } from './reload/plan.js';
import { createReloader, type ReloadOutcome } from './reload/reloader.js';
import { watchSecretFiles, type SecretFileWatch } from './reload/secret-files.js';
import { FILE_CHECK_INTERVAL_MS } from './file-watch.js';
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
  /** Where HTTPS_PROXY, HTTP_PROXY, NO_PROXY and the `<ENV>_FILE` secret paths are read from; process.env by default. */
  readonly env?: NodeJS.ProcessEnv;
  /** Receives the OTLP push instead of the configured endpoint (tests: the SDK's InMemoryMetricExporter). */
  readonly otlpExporter?: PushMetricExporter;
  /**
   * Loads the configuration again from the sources it came from, for `reload()` (SIGHUP); main.ts
   * passes loadConfig with its arguments. Without it, `reload()` re-reads only the web config.
   */
  readonly load?: () => LoadResult;
  /** How often secret files and the web config are looked at, ms (default 2 s; 0: only when asked). */
  readonly fileCheckIntervalMs?: number;
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
  readonly otlp?: RunningPush;
  /** TLS and authentication of the HTTP server, from the web config file. */
  readonly web: WebSecurity;
  /** The `<ENV>_FILE` secrets, read again when they change; undefined when none is given as a file. */
  readonly secretFiles?: SecretFileWatch;
  /** Reloads the configuration, the web config and the secrets (SIGHUP). */
  reload(): Promise<ReloadOutcome>;
  stop(): Promise<void>;
}

/** Stands in until the first credentials are built; never asked. */
const NO_AUTHORIZER: Authorizer = {
  refreshable: false,
  header: () => Promise.reject(new Error('no credentials yet')),
  invalidate: () => {},
};



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

/** What demo mode puts in place of the configured account: the simulator's, whatever the configuration says. */
function demoCredentials(lp: Config['liveperson']): Partial<Config['liveperson']> {
  const { accountId, authMode, clientId, clientSecret, csdsUrl, nhtBaseUrl, sentinelBaseUrl, accountConfigBaseUrl } = lp;
  return { accountId, authMode, clientId, clientSecret, csdsUrl, nhtBaseUrl, sentinelBaseUrl, accountConfigBaseUrl };
}

/** Demo mode: the simulator plays LivePerson, found through its Domain API like a real account. */
export async function demoAccount(config: Config, logger: Logger): Promise<{ simulator: Simulator; liveperson: Config['liveperson'] }> {
  // Loaded only in demo mode: an exporter polling LivePerson never needs it.
  const { SIMULATOR_DEFAULTS, startSimulator } = await import('./simulator/index.js');
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
  // Demo mode keeps the simulator's account and credentials whatever a reload says.
  const liveperson = (cfg: Config): Config['liveperson'] => (demo ? { ...cfg.liveperson, ...demoCredentials(demo.liveperson) } : cfg.liveperson);
  const lp = liveperson(config);
  const now = options.now ?? Date.now;
  const metrics = new OwnMetrics(VERSION, now());
  const env = options.env ?? process.env;

  let http: Awaited<ReturnType<typeof listen>> | undefined;
  let otlp: RunningPush | undefined;
  let secretFiles: SecretFileWatch | undefined;
  // One connection pool and proxy for every LivePerson API (Domain, token, NHT, Skills).
  const proxies = resolveProxySettings(config.proxy.url, env);
  if (proxies.httpsProxy || proxies.httpProxy) {
    logger.info('sending LivePerson requests and the OTLP push through a proxy', {
      https_proxy: proxies.httpsProxy && showProxy(proxies.httpsProxy),
      http_proxy: proxies.httpProxy && showProxy(proxies.httpProxy),
      no_proxy: proxies.noProxy,
    });
  }
  const connections = new EgressAgent(proxies);
  const namesLogger = logger.child({ component: 'skill-names' });
  // The credentials every client uses; a rotated secret or a reload swaps what is inside.
  const auth = createRotatingAuthorizer(NO_AUTHORIZER, () => secretFiles?.check() ?? Promise.resolve(false));

  /** Retry policy, host discovery, credentials and clients from one configuration; rebuilt by a reload. */
  const build = (cfg: Config) => {
    const account = liveperson(cfg);
    const { requests, resolver, credentials, nhtClient } = connectLivePerson(cfg, account, {
      logger: logger.child({ component: 'liveperson' }),
      observer: metrics,
      now,
      dispatcher: connections,
    });
    const client = nhtClient(auth);
    const skills: SkillsClient | undefined = cfg.skillNames.enabled
      ? createSkillsClient({ ...requests, logger: namesLogger, accountId: account.accountId, authorizer: auth, resolver })
      : undefined;
    return { client, skills, credentials: (c: Config) => credentials(liveperson(c)) };
  };
  let live = build(config);
  auth.replace(live.credentials(config));

  try {
    // Assigned below: the poller tells the page of each snapshot, and the page reads the poller.
    let page: MetricsPage | undefined;
    const poller = new Poller({
      // Each poll asks the clients of the moment: a reload never changes a poll in flight.
      client: { fetchPoll: (...args) => live.client.fetchPoll(...args) },
      accountId: lp.accountId,
      interval: config.poll.interval,
      settleDelay: config.poll.settleDelay,
      deadline: config.poll.deadline,
      logger: logger.child({ component: 'poller' }),
      metrics,
      onSnapshot: (snapshot) => page?.prepare(snapshot),
      now,
    });
    const names = config.skillNames.enabled
      ? new SkillNames({
          client: { fetchSkills: (...args) => live.skills!.fetchSkills(...args) },
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
    const serve = createRequestListener({ poll: poller, page, version: VERSION, accountId: lp.accountId, logger, gate: web.gate });
    http = await listen(serve, config.server.host, config.server.port, SERVER_TIMEOUTS, web.serverOptions);
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

    const push = otlp;
    const apply = async (next: Config, plan: ReloadPlan): Promise<string[]> => {
      const changed = new Set(plan.apply.map((k) => k.path));
      if (changed.has('otlp.headers') && push) {
        const problems = push.setHeaders(next.otlp);
        if (problems.length > 0) return problems;
      }
      const onlyCredentials = [...changed].every((p) => p.startsWith('liveperson.') && !['liveperson.skillIds', 'liveperson.source', 'liveperson.requestTimeout'].includes(p));
      if (onlyCredentials) {
        auth.replace(live.credentials(next));
      } else if ([...changed].some((p) => p.startsWith('liveperson.') || p.startsWith('poll.') && p !== 'poll.interval' && p !== 'poll.settleDelay')) {
        live = build(next);
        auth.replace(live.credentials(next));
      }
      if (changed.has('poll.interval') || changed.has('poll.settleDelay')) poller.setTiming(next.poll.interval, next.poll.settleDelay);
      if (changed.has('log.level')) logger.setLevel?.(next.log.level);
      return [];
    };
    const reloader = createReloader({
      initial: config,
      load: options.load ?? (() => ({ ok: true, config: reloader.running, warnings: [] })),
      target: { apply, reloadWeb: () => web.reload() },
      metrics,
      logger: logger.child({ component: 'reload' }),
      now,
    });
    secretFiles = watchSecretFiles({
      env,
      onRotate: (rotated) => reloader.rotate(rotated),
      logger: logger.child({ component: 'secrets' }),
      intervalMs: options.fileCheckIntervalMs ?? FILE_CHECK_INTERVAL_MS,
    });

    const server = http;
    const files = secretFiles;
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
      ...(files && { secretFiles: files }),
      reload: () => reloader.reload(),
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
          files?.stop();
          await within(server.close(Math.min(2_000, left())), left());
          live.client.close();
          // close() waits for requests in flight; past the budget, destroy() drops them.
          if (!(await within(connections.close(), left()))) await connections.destroy();
          await within(demo?.simulator.stop(), left());
        })()),
    };
  } catch (err) {
    web.stop();
    secretFiles?.stop();
    await otlp?.stop();
    await http?.close();
    live.client.close();
    await connections.close();
    await demo?.simulator.stop();
    throw err;
  }
}
