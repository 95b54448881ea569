import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';

const SCRIPT = join(import.meta.dirname, 'tools.sh');
const run = promisify(execFile);

/**
 * A machine where prometheus, promtool, amtool, openssl and tinyproxy are missing and apt-get is a stand-in: it
 * records what the service policy answers while it "installs", then provides the binaries.
 */
function fakeMachine(): { dir: string; bin: string; policy: string; log: string } {
  const dir = mkdtempSync(join(tmpdir(), 'tools-sh-'));
  const bin = join(dir, 'bin');
  const policy = join(dir, 'policy-rc.d');
  const log = join(dir, 'apt.log');
  const script = (name: string, body: string) => {
    writeFileSync(join(bin, name), `#!/bin/sh\n${body}\n`);
    chmodSync(join(bin, name), 0o755);
  };
  mkdirSync(bin);
  writeFileSync(log, '');
  // Only these commands: the machine's own prometheus (if any) must not be found.
  for (const tool of ['bash', 'sh', 'mktemp', 'cp', 'rm', 'chmod', 'sort']) symlinkSync(which(tool), join(bin, tool));
  script('id', 'echo 0');
  script(
    'apt-get',
    [
      `if [ "$1" = install ]; then "${policy}" prometheus start; echo "policy answered $?" >> "${log}"`,
      ...['prometheus', 'promtool', 'amtool', 'openssl', 'tinyproxy'].map((tool) => `  printf '#!/bin/sh\\n' > "${bin}/${tool}"; chmod 755 "${bin}/${tool}"`),
      'fi',
    ].join('\n'),
  );
  return { dir, bin, policy, log };
}

function which(tool: string): string {
  const found = ['/usr/bin', '/bin'].map((d) => join(d, tool)).find((p) => existsSync(p));
  if (!found) throw new Error(`${tool} not found in /usr/bin or /bin`);
  return found;
}

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('test/setup/tools.sh', () => {
  it('keeps the packages\' services from starting while it installs, and removes the policy it added', async () => {
    const m = fakeMachine();
    dirs.push(m.dir);
    await run(join(m.bin, 'bash'), [SCRIPT], { env: { PATH: m.bin, POLICY_RC_D: m.policy } });
    expect(readFileSync(m.log, 'utf8')).toBe('policy answered 101\n');
    expect(existsSync(m.policy)).toBe(false);
  });

  it('puts back a policy-rc.d the machine already had', async () => {
    const m = fakeMachine();
    dirs.push(m.dir);
    writeFileSync(m.policy, '#!/bin/sh\n# the owner\'s policy\nexit 0\n', { mode: 0o750 });
    await run(join(m.bin, 'bash'), [SCRIPT], { env: { PATH: m.bin, POLICY_RC_D: m.policy } });
    expect(readFileSync(m.log, 'utf8')).toBe('policy answered 101\n');
    expect(readFileSync(m.policy, 'utf8')).toBe('#!/bin/sh\n# the owner\'s policy\nexit 0\n');
  });

  it('never stops a process: no kill, pkill or killall', () => {
    expect(readFileSync(SCRIPT, 'utf8')).not.toMatch(/\b(pkill|killall|kill)\b/);
  });
});
