/**
 * Every subcommand, in the order `--help` lists them. The first is the default, run when the
 * command line names none. A new subcommand (such as a backfill) adds its Command here; its
 * option table then feeds parsing, `--help` and the docs check like the others.
 */
import type { Command } from '../command.js';
import { backfillCommand } from './backfill.js';
import { checkConfigCommand } from './check-config.js';
import { runCommand } from './run.js';
import { simulatorCommand } from './simulator.js';

export const COMMANDS: readonly Command[] = [runCommand, checkConfigCommand, backfillCommand, simulatorCommand];

export const DEFAULT_COMMAND: Command = runCommand;
