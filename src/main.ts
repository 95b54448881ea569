#!/usr/bin/env node
import { SHUTDOWN_MS, startExporter } from './app.js';
import { describeConfig, loadConfig, renderConfigTable, renderHelp } from './config/index.js';
import { createLogger } from './log.js';
import { NAME, VERSION } from './version.js';

const argv = process.argv.slice(2);
const out = (text: string) => process.stdout.write(text.endsWith('\n') ? text : text + '\n');

if (argv.includes('--help') || argv.includes('-h')) {
  out(renderHelp());
} else if (argv.includes('--version')) {
  out(`${NAME} ${VERSION}`);
} else if (argv.includes('--print-config-docs')) {
  out(renderConfigTable());
} else {
  const loaded = loadConfig(argv, process.env);
  if (!loaded.ok) {
    for (const line of loaded.errors) process.stderr.write(`invalid configuration: ${line}\n`);
    process.exit(2);
  }
  const { config, warnings } = loaded;
  const logger = createLogger(config.log);
  for (const warning of warnings) logger.warn(warning);
  if (argv.includes('--check-config')) {
    out('configuration is valid');
    out(JSON.stringify(describeConfig(config), null, 2));
  } else {
    process.on('unhandledRejection', (reason) => logger.error('unhandled rejection', { error: reason }));
    logger.info('starting', { version: VERSION, config: describeConfig(config) });
    const exporter = await startExporter(config, { logger }).catch((err: unknown) => {
      logger.error('cannot start', { error: err });
      process.exit(1);
    });
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
      void exporter.stop().then(() => process.exit(0));
    };
    process.on('SIGTERM', () => shutdown('SIGTERM'));
    process.on('SIGINT', () => shutdown('SIGINT'));
  }
}
