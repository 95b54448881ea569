/**
 * What a subcommand is: a name, a one-line summary for `--help`, its option table, and a run
 * function that tests can call with their own argv, environment and output.
 */
import type { CliOption } from './options.js';

export interface CliIo {
  readonly env: NodeJS.ProcessEnv;
  /** Standard output: what the user asked for (help, a configuration, the simulator's settings). */
  out(text: string): void;
  /** Standard error: problems. Logs go through the logger, which writes to stderr too. */
  err(text: string): void;
}

export interface Command {
  readonly name: string;
  readonly summary: string;
  /** Its own options; the configuration's flags come on top when `configuration` is true. */
  readonly options: readonly CliOption[];
  /** Reads the exporter configuration (defaults, --config file, environment, flags). */
  readonly configuration: boolean;
  /**
   * Runs the command with the arguments after its name, already checked against its options
   * (`values` holds them parsed, by long name).
   * Resolves to the exit code, or to undefined while it keeps running (the exporter, the
   * simulator), which then ends the process itself.
   */
  run(argv: readonly string[], io: CliIo, values: ReadonlyMap<string, string | true>): Promise<number | undefined>;
}

/** Whether a boolean option is on: given bare (`--online`) or as true/1/yes/on. */
export function isOn(values: ReadonlyMap<string, string | true>, name: string): boolean {
  const value = values.get(name);
  return value === true || (typeof value === 'string' && ['true', '1', 'yes', 'on'].includes(value.toLowerCase()));
}

/** Exit status of a usage or configuration error, as in most command-line tools. */
export const USAGE_ERROR = 2;
