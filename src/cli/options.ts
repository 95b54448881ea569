/**
 * Command-line options as data: each command declares a table of them, and parsing, `--help`
 * and the docs check (every flag the docs name must be in some table) all read those tables.
 */
import { configKeys, flagUsage } from '../config/index.js';

export interface CliOption {
  /** Long name without the dashes: `poll-interval`. */
  readonly name: string;
  /** `boolean` options take no value, or an explicit true/false (`--demo`, `--skill-names false`). */
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  /** How `--help` shows it: `--poll-interval <duration>`. */
  readonly usage: string;
  readonly doc: string;
}

/** `--config <file>`, for every command that reads the configuration. */
export const CONFIG_FILE: CliOption = { name: 'config', type: 'string', usage: '--config <file>', doc: 'Read settings from a JSON file (see config/example.json).' };

/** The flags of the configuration schema, one per setting. */
export function settingOptions(): CliOption[] {
  return configKeys().map((key): CliOption => ({
    name: key.arg,
    type: key.format === 'flag' ? 'boolean' : 'string',
    usage: flagUsage(key),
    doc: key.doc,
  }));
}

/** Options every command takes. */
export const HELP: CliOption = { name: 'help', short: 'h', type: 'boolean', usage: '-h, --help', doc: 'Print this help and exit.' };
export const VERSION_OPTION: CliOption = { name: 'version', type: 'boolean', usage: '--version', doc: 'Print the version and exit.' };

/** What a command accepts: its own options with the common ones, and the settings' flags if it reads the configuration. */
export function optionsOf(command: { readonly options: readonly CliOption[]; readonly configuration: boolean }): {
  own: CliOption[];
  settings: CliOption[];
} {
  return {
    own: [...command.options, ...(command.configuration ? [CONFIG_FILE] : []), VERSION_OPTION, HELP],
    settings: command.configuration ? settingOptions() : [],
  };
}
