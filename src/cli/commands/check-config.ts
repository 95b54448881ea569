/** `check-config` (also `--check-config`): validate the configuration, print it redacted, exit. */
import { describeConfig, loadConfig } from '../../config/index.js';
import type { Command } from '../command.js';
import { reportInvalid } from './shared.js';

export const checkConfigCommand: Command = {
  name: 'check-config',
  summary: 'Check the configuration, print it with secrets redacted, and exit (status 2 when it is invalid).',
  options: [],
  configuration: true,
  async run(argv, io) {
    const loaded = loadConfig(argv, io.env);
    if (!loaded.ok) return reportInvalid(loaded.errors, io);
    for (const warning of loaded.warnings) io.err(`warning: ${warning}`);
    io.out('configuration is valid');
    io.out(JSON.stringify(describeConfig(loaded.config), null, 2));
    return 0;
  },
};
