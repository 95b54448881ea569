#!/usr/bin/env node
/**
 * What one poll allocates: the exporter polls the simulator (20,000 skills by default) twice, and
 * V8's sampling heap profiler, preloaded (test/bench/lib/allocation-probe.cjs), records every
 * allocation of the second poll, the collected ones included. Prints the total and the functions
 * that allocate most (self, then with what they call). Allocation is what the young-generation
 * collector pays for, and unlike CPU time it hardly moves between runs on a busy machine.
 *
 *   npm run build
 *   npx -y node@24 test/bench/poll-allocations.mjs [--skills 20000] [--concurrency 16] [--top 20]
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { IMAGE_NODE_OPTIONS, ROOT, startExporterProcess, startSimulatorProcess, stop } from './lib/processes.mjs';

const { values } = parseArgs({ options: { skills: { type: 'string', default: '20000' }, concurrency: { type: 'string', default: '16' }, top: { type: 'string', default: '20' } } });
const dir = mkdtempSync(join(tmpdir(), 'nht-allocations-'));
const file = join(dir, 'poll.heapprofile');
const pages = Math.ceil(Number(values.skills) / 10);
// Long enough that the default deadline (the interval less 5 s) never cuts the poll short.
const interval = Math.ceil((2 * Math.ceil(pages / Number(values.concurrency)) * 100 + 10_000) / 10_000) * 10;

const sim = await startSimulatorProcess({ skills: Number(values.skills), delayMs: 100 });
let exporter;
try {
  let written = false;
  let failed;
  exporter = await startExporterProcess({
    simUrl: sim.url,
    nodeOptions: `${IMAGE_NODE_OPTIONS} --require ${join(ROOT, 'test', 'bench', 'lib', 'allocation-probe.cjs')}`.trim(),
    env: { NHT_CONCURRENCY: values.concurrency, NHT_POLL_INTERVAL: `${interval}s`, ALLOCATION_PROFILE: file },
    onLine(line) {
      // The end of poll 1 starts the sampling, the end of poll 2 writes it.
      if (line.includes('"msg":"poll succeeded"')) process.kill(exporter.child.pid, 'SIGUSR2');
      else if (line.includes('"msg":"poll failed')) failed = line;
      else if (line.includes('allocation-profile-written')) written = true;
    },
  });
  const deadline = Date.now() + 3 * interval * 1000 + 120_000;
  while (!written) {
    if (failed) throw new Error(`a poll failed: ${failed}`);
    if (Date.now() > deadline) throw new Error('no allocation profile in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
} finally {
  await stop(exporter?.child);
  await stop(sim.child);
}

const profile = JSON.parse(readFileSync(file, 'utf8'));
rmSync(dir, { recursive: true, force: true });
const self = new Map();
const inclusive = new Map();
let total = 0;
const nameOf = (node) => `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.split('/').slice(-2).join('/')}:${node.callFrame.lineNumber + 1}`;
const walk = (node, above) => {
  const name = nameOf(node);
  total += node.selfSize;
  self.set(name, (self.get(name) ?? 0) + node.selfSize);
  const names = new Set(above).add(name);
  for (const n of names) inclusive.set(n, (inclusive.get(n) ?? 0) + node.selfSize);
  for (const child of node.children) walk(child, names);
};
walk(profile.head, new Set());
const mib = (bytes) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const top = (map) =>
  [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, Number(values.top))
    .map(([name, bytes]) => `${mib(bytes).padStart(10)} ${((100 * bytes) / total).toFixed(1).padStart(5)}%  ${name}`)
    .join('\n');
console.log(`one poll of ${values.skills} skills at concurrency ${values.concurrency} allocated ${mib(total)} (sampled every 8 KiB)`);
console.log(`allocated by the function itself:\n${top(self)}`);
console.log(`allocated by the function and what it calls:\n${top(inclusive)}`);
