/**
 * The command line: picks the subcommand, checks every argument against its option table, and
 * runs it. main.ts only wires it to the process.
 */
import { NAME, VERSION } from '../version.js';
import type { CliIo, Command } from './command.js';
import { USAGE_ERROR } from './command.js';
import { checkConfigCommand } from './commands/check-config.js';
import { COMMANDS, DEFAULT_COMMAND } from './commands/index.js';
import { renderCommandHelp, renderHelp } from './help.js';
import { optionsOf } from './options.js';
import { parseOptions } from './parse.js';

export type { CliIo, Command } from './command.js';
export { COMMANDS } from './commands/index.js';
export { optionsOf, type CliOption } from './options.js';

/** The command named first on the line, else the default; `--check-config` anywhere means check-config. */
function pick(argv: readonly string[]): { command: Command; rest: string[]; named: boolean } {
  const first = argv[0];
  const named = COMMANDS.find((c) => c.name === first);
  if (named) return { command: named, rest: argv.slice(1), named: true };
  // Kept from before there were subcommands: manifests and scripts run `--check-config`.
  if (argv.includes('--check-config')) return { command: checkConfigCommand, rest: argv.filter((a) => a !== '--check-config'), named: false };
  return { command: DEFAULT_COMMAND, rest: [...argv], named: false };
}

/** Runs the command line; resolves to the exit code, or undefined while a command keeps running. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number | undefined> {
  const { command, rest, named } = pick(argv);
  const { own, settings } = optionsOf(command);
  // A stray first word may be a misspelt command (`chek-config`) or a flag without dashes (`demo`).
  const suggestions = named ? [] : COMMANDS.map((c) => c.name);
  const { values, errors } = parseOptions(rest, [...own, ...settings], suggestions);
  if (values.has('help')) {
    io.out(named ? renderCommandHelp(command) : renderHelp());
    return 0;
  }
  if (values.has('version')) {
    io.out(`${NAME} ${VERSION}`);
    return 0;
  }
  if (errors.length > 0) {
    for (const line of errors) io.err(`${NAME}${named ? ` ${command.name}` : ''}: ${line}`);
    io.err(`Run ${NAME}${named ? ` ${command.name}` : ''} --help for the options.`);
    return USAGE_ERROR;
  }
  return command.run(rest, io, values);
}

