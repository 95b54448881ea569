/** `check-config` (also `--check-config`): validate the configuration, print it redacted, exit; `--online` tries it on LivePerson. */
import { describeConfig, loadConfig } from '../../config/index.js';
import { isOn, type Command } from '../command.js';
import { checkOnline, formatStep } from '../online.js';
import type { CliOption } from '../options.js';
import { reportInvalid } from './shared.js';

const ONLINE: CliOption = {
  name: 'online',
  type: 'boolean',
  usage: '--online',
  doc:
    'After the offline checks, ask LivePerson: resolve the hosts (Domain API), fetch a token, read one NHT page and the ' +
    'Skills API list. One line per step; exit status 1 unless every step passes.',
};

export const checkConfigCommand: Command = {
  name: 'check-config',
  summary: 'Check the configuration, print it with secrets redacted, and exit (status 2 when it is invalid); with --online, also try it against LivePerson.',
  options: [ONLINE],
  configuration: true,
  async run(argv, io, values) {
    const online = isOn(values, 'online');
    const loaded = loadConfig(argv, io.env);
    if (!loaded.ok) return reportInvalid(loaded.errors, io);
    const { config } = loaded;
    for (const warning of loaded.warnings) io.err(`warning: ${warning}`);
    io.out('configuration is valid');
    io.out(JSON.stringify(describeConfig(config), null, 2));
    if (!online) return 0;
    if (config.demo) {
      io.out('SKIP  online checks: demo mode talks to the built-in simulator, not to a LivePerson account');
      return 0;
    }
    io.out(`\nchecking account ${config.liveperson.accountId} against LivePerson:`);
    const steps = await checkOnline(config, io.env);
    for (const step of steps) io.out(formatStep(step));
    const failed = steps.filter((s) => s.result === 'FAIL').length;
    io.out(failed === 0 ? 'every online check passed' : `${failed} online check${failed === 1 ? '' : 's'} failed`);
    return failed === 0 ? 0 : 1;
  },
};
