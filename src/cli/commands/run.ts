/** `run` (the default): poll LivePerson and serve /metrics until a signal stops the process. */
import { SHUTDOWN_MS, startExporter } from '../../app.js';
import { describeConfig, loadConfig, renderConfigTable } from '../../config/index.js';
import { createLogger, type Logger } from '../../log.js';
import { BindError } from '../../server/bind-error.js';
import { envLine, simulatorEnv } from '../../simulator/env.js';
import { SIMULATOR_DEFAULTS } from '../../simulator/defaults.js';
import type { Simulator } from '../../simulator/types.js';
import { isOn, USAGE_ERROR, type Command } from '../command.js';
import type { CliOption } from '../options.js';
import { flattenForLog, reportInvalid } from './shared.js';

const PRINT_CONFIG_DOCS: CliOption = {
  name: 'print-config-docs',
  type: 'boolean',
  usage: '--print-config-docs',
  doc: 'Print the configuration reference as a Markdown table and exit.',
};

const CHECK_CONFIG_FLAG: CliOption = {
  name: 'check-config',
  type: 'boolean',
  usage: '--check-config',
  doc: 'Same as the check-config command.',
};

export const runCommand: Command = {
  name: 'run',
  summary: 'Poll LivePerson and serve /metrics (the default command).',
  options: [CHECK_CONFIG_FLAG, PRINT_CONFIG_DOCS],
  configuration: true,
  async run(argv, io, values) {
    if (isOn(values, 'print-config-docs')) {
      io.out(renderConfigTable());
      return 0;
    }
    const loaded = loadConfig(argv, io.env);
    if (!loaded.ok) return reportInvalid(loaded.errors, io);
    const { config, warnings } = loaded;
    const logger = createLogger(config.log);
    for (const warning of warnings) logger.warn(warning);
    logger.debug('effective configuration, secrets redacted', flattenForLog(describeConfig(config)));
    process.on('unhandledRejection', (reason) => logger.error('unhandled rejection', { error: reason }));
    let exporter;
    try {
      // A reload (SIGHUP) reads the same sources again: the --config file, the environment (with the _FILE secrets), the flags.
      exporter = await startExporter(config, { logger, load: () => loadConfig(argv, io.env) });
    } catch (err) {
      return cannotStart(err, logger);
    }
    if (exporter.simulator) io.out(demoSettings(exporter.simulator));
    stopOnSignals(() => exporter.stop(), logger);
    // SIGHUP reloads, as Prometheus and its exporters do; the reload logs and counts its outcome itself.
    const running = exporter;
    process.on('SIGHUP', () => void running.reload().catch((err: unknown) => logger.error('reload failed', { error: err })));
    return undefined;
  },
};

/**
 * Demo mode: how to point another exporter, or a backfill, at the simulator this one polls. On
 * stdout rather than in the log: the log hides every credential, and these are published ones.
 */
function demoSettings(simulator: Simulator): string {
  const env = simulatorEnv(simulator, { clientId: SIMULATOR_DEFAULTS.clientId, clientSecret: SIMULATOR_DEFAULTS.clientSecret });
  return [
    `Demo mode: polling the built-in LivePerson simulator on ${simulator.url} (${simulator.skillIds.length} skills).`,
    'Its credentials are published and for local use only. To point another exporter (or a backfill) at it:',
    `  ${envLine(env)}`,
  ].join('\n');
}

/** Bind problems are the user's setting to fix (exit 2); anything else is a failure (exit 1). */
function cannotStart(err: unknown, logger: Logger): number {
  if (err instanceof BindError) {
    logger.error(err.message, { setting: err.setting });
    return USAGE_ERROR;
  }
  logger.error('cannot start', { error: err });
  return 1;
}

function stopOnSignals(stop: () => Promise<void>, logger: Logger): void {
  let signalled = false;
  const shutdown = (signal: string) => {
    if (signalled) process.exit(1); // a second signal: stop waiting
    signalled = true;
    logger.info('stopping', { signal });
    // stop() is bounded by SHUTDOWN_MS; this is the backstop, and a signalled stop is not a failure.
    setTimeout(() => {
      logger.warn('shutdown took longer than expected; exiting now', { after_ms: SHUTDOWN_MS + 1_000 });
      process.exit(0);
    }, SHUTDOWN_MS + 1_000).unref();
    void stop().then(() => process.exit(0));
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

