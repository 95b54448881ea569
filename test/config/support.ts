/** Shared helpers of the configuration tests. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Config } from '../../src/config/index.js';
import { loadConfig } from '../../src/config/load.js';

/** A complete real-account environment with OAuth 2.0 credentials (all fake). */
export const ACCOUNT_ENV = {
  LP_ACCOUNT_ID: '12345678',
  LP_CLIENT_ID: 'exporter-client',
  LP_CLIENT_SECRET: 'fake-client-secret-0001',
} as const;

/** Loads and expects success; returns the configuration and the warnings. */
export function loadOk(args: string[], env: NodeJS.ProcessEnv): { config: Config; warnings: string[] } {
  const result = loadConfig(args, env);
  if (!result.ok) expect.fail(`expected a valid configuration, got:\n${result.errors.join('\n')}`);
  return { config: result.config, warnings: result.warnings };
}

/** Loads and expects failure; returns the error lines. */
export function loadErrors(args: string[], env: NodeJS.ProcessEnv): string[] {
  const result = loadConfig(args, env);
  if (result.ok) expect.fail('expected the configuration to be refused');
  return result.errors;
}

/** A temporary directory with the given files; `cleanup` removes it. */
export function tempFiles(files: Record<string, string>): { dir: string; path: (name: string) => string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'nht-config-test-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return { dir, path: (name) => join(dir, name), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
