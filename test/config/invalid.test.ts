/**
 * One invalid configuration per rule, each with the exact lines a user sees. A case file in
 * test/config/invalid/ holds:
 *   rule      what the case pins, in a sentence
 *   env       environment variables (default none)
 *   args      command-line arguments (default none)
 *   files     files to create first: name → text, or a JSON value written as JSON
 *   expected  the exact error lines, in order
 * `{tmp}` in env, args and expected stands for a fresh temporary directory holding `files`.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { configKeys } from '../../src/config/keys.js';
import { loadConfig } from '../../src/config/load.js';

interface InvalidCase {
  rule: string;
  env?: Record<string, string>;
  args?: string[];
  files?: Record<string, unknown>;
  expected: string[];
}

const folder = join(import.meta.dirname, 'invalid');
const caseNames = readdirSync(folder).filter((f) => f.endsWith('.json')).sort();
const scratch = mkdtempSync(join(tmpdir(), 'nht-invalid-config-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function materialise(name: string, c: InvalidCase): { env: Record<string, string>; args: string[]; expected: string[] } {
  const dir = mkdtempSync(join(scratch, name.replace(/\.json$/, '-')));
  const fill = (text: string): string => text.split('{tmp}').join(dir);
  for (const [file, content] of Object.entries(c.files ?? {})) {
    writeFileSync(join(dir, file), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  }
  return {
    env: Object.fromEntries(Object.entries(c.env ?? {}).map(([k, v]) => [k, fill(v)])),
    args: (c.args ?? []).map(fill),
    expected: c.expected.map(fill),
  };
}

/** Every secret a case hands over, from the environment or a secret file: none may show in the errors. */
function secretsOf(c: InvalidCase, env: Record<string, string>): string[] {
  const secrets: string[] = [];
  for (const key of configKeys().filter((k) => k.sensitive)) {
    const value = env[key.env];
    if (value) secrets.push(value);
  }
  for (const content of Object.values(c.files ?? {})) {
    if (typeof content === 'string' && content.trim().length >= 6 && !content.trim().startsWith('{')) secrets.push(content.trim());
  }
  return secrets;
}

describe('an invalid configuration is refused with one readable line per problem', () => {
  it('has a case for each rule', () => {
    expect(caseNames.length).toBeGreaterThanOrEqual(30);
  });

  for (const name of caseNames) {
    const c = JSON.parse(readFileSync(join(folder, name), 'utf8')) as InvalidCase;
    it(`${name}: ${c.rule}`, () => {
      expect(c.expected.length).toBeGreaterThan(0);
      const { env, args, expected } = materialise(name, c);

      const result = loadConfig(args, env);

      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.errors).toEqual(expected);
      const text = result.errors.join('\n');
      for (const secret of secretsOf(c, env)) expect(text).not.toContain(secret);
    });
  }
});
