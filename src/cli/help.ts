/** The `--help` texts: the overview with every command and setting, and one per command. */
import { renderSettingsHelp, wrap } from '../config/index.js';
import { NAME } from '../version.js';
import type { Command } from './command.js';
import { COMMANDS, DEFAULT_COMMAND } from './commands/index.js';
import { optionsOf, type CliOption } from './options.js';

function optionLines(options: readonly CliOption[]): string[] {
  return options.flatMap((o) => [`  ${o.usage}`, ...wrap(o.doc, '      ')]);
}

const DESCRIPTION =
  'Polls the LivePerson Net Handle Time (NHT) API and serves the per-skill metrics to Prometheus (/metrics) and OpenTelemetry. ' +
  'Each setting comes from, lowest to highest: its default, the --config file, its environment variable, its flag.';

/** `liveperson-nht-exporter --help`: usage, commands, the default command's options, every setting. */
export function renderHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length)) + 3;
  const commands = COMMANDS.flatMap((c) => {
    const [first = '', ...rest] = wrap(c.summary, '', 100 - 2 - width);
    return [`  ${c.name.padEnd(width)}${first}`, ...rest.map((l) => ' '.repeat(2 + width) + l)];
  });
  return [
    `Usage: ${NAME} [command] [options]`,
    '',
    ...wrap(DESCRIPTION, ''),
    '',
    'Commands:',
    ...commands,
    ...wrap(`${NAME} <command> --help lists a command's own options.`, '  '),
    '',
    'Options:',
    ...optionLines(optionsOf(DEFAULT_COMMAND).own),
    ...renderSettingsHelp(),
    '',
  ].join('\n');
}

/** `liveperson-nht-exporter <command> --help`. */
export function renderCommandHelp(command: Command): string {
  return [
    `Usage: ${NAME} ${command.name} [options]`,
    '',
    ...wrap(command.summary, ''),
    '',
    'Options:',
    ...optionLines(optionsOf(command).own),
    ...(command.configuration ? ['', ...wrap(`Every setting of ${NAME} --help applies too.`, '')] : []),
    '',
  ].join('\n');
}
