/**
 * A memory probe to preload into the exporter of a benchmark run:
 *   npx -y node@24 test/bench/run.mjs --only memory \
 *     "--node-options=--max-semi-space-size=4 --max-old-space-size=160 --require $PWD/test/bench/lib/memory-probe.cjs"
 * Reads process.memoryUsage() every 20 ms and writes, once a second, the current figures and the
 * largest so far (MiB) to /tmp/memory-probe-<pid>.txt: the heap and the ArrayBuffers around each
 * poll and each OTLP export. Only the exporter (dist/main.js) is probed, not the simulator.
 */
const { appendFileSync } = require('node:fs');

if (/main\.js$/.test(process.argv[1] ?? '')) {
  const file = `/tmp/memory-probe-${process.pid}.txt`;
  const mib = (n) => (n / 2 ** 20).toFixed(1);
  const t0 = Date.now();
  let max;
  let second = -1;
  setInterval(() => {
    const m = process.memoryUsage();
    max ??= { ...m };
    for (const k of Object.keys(m)) max[k] = Math.max(max[k], m[k]);
    const s = Math.floor((Date.now() - t0) / 1000);
    if (s === second) return;
    second = s;
    appendFileSync(
      file,
      `${s}s rss ${mib(m.rss)} heapUsed ${mib(m.heapUsed)} heapTotal ${mib(m.heapTotal)} arrayBuffers ${mib(m.arrayBuffers)}` +
        ` | max rss ${mib(max.rss)} heapUsed ${mib(max.heapUsed)} arrayBuffers ${mib(max.arrayBuffers)}\n`,
    );
  }, 20).unref();
}
