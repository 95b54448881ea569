/**
 * Memory and OTLP: peak RSS at N skills with the OTLP push on (to a local sink), before and
 * after 50 concurrent scrapers; then, in a run without polls, the CPU of each OTLP export.
 */
import { get, startOtlpSink } from '../lib/http.mjs';
import { nextPoll, procCpuSeconds, procMemory, startExporterProcess, startSimulatorProcess, stop } from '../lib/processes.mjs';
import { cpuSampler, sleep } from '../lib/stats.mjs';
import { wrk } from '../lib/wrk.mjs';

const otlpEnv = (sink, intervalSeconds) => ({
  OTEL_METRICS_EXPORTER: 'otlp',
  OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
  OTEL_EXPORTER_OTLP_ENDPOINT: sink.url,
  OTEL_METRIC_EXPORT_INTERVAL: `${intervalSeconds}s`,
});

export async function memoryBench({ skills, polls, seconds, log, nodeOptions }) {
  const sink = await startOtlpSink();
  const sim = await startSimulatorProcess({ skills });
  let exporter;
  try {
    exporter = await startExporterProcess({ simUrl: sim.url, nodeOptions, env: { NHT_POLL_INTERVAL: '10s', ...otlpEnv(sink, 5) } });
    for (let i = 0; i < polls; i++) {
      await nextPoll(exporter.log, 300_000, `poll ${i + 1}`);
      // As Prometheus does: one scrape, gzip, per poll; and one plain.
      await get(`${exporter.url}/metrics`, { gzip: true });
      await get(`${exporter.url}/metrics`);
    }
    const idle = procMemory(exporter.child.pid);
    for (const gzip of [true, false]) await wrk({ url: `${exporter.url}/metrics`, connections: 50, seconds, gzip });
    const loaded = procMemory(exporter.child.pid);
    const result = { skills, polls, exportRequests: sink.requests.length, idleHwm: idle.hwm, loadedHwm: loaded.hwm, rss: loaded.rss };
    log(`memory: ${skills} skills, OTLP on: peak RSS ${(idle.hwm / 2 ** 20).toFixed(0)} MiB after ${polls} polls, ${(loaded.hwm / 2 ** 20).toFixed(0)} MiB after 50 scrapers`);
    return result;
  } finally {
    await stop(exporter?.child);
    await stop(sim.child);
    await sink.close();
  }
}

export async function otlpBench({ skills, exports, log, nodeOptions }) {
  const sink = await startOtlpSink();
  const sim = await startSimulatorProcess({ skills });
  const intervalSeconds = 3;
  let exporter;
  try {
    exporter = await startExporterProcess({ simUrl: sim.url, nodeOptions, env: { NHT_POLL_INTERVAL: '24h', ...otlpEnv(sink, intervalSeconds) } });
    const cpu = cpuSampler(() => procCpuSeconds(exporter.child.pid));
    await nextPoll(exporter.log, 300_000, 'the first poll');
    const polled = Date.now();
    // One export after the poll warms up; then `exports` are measured from start to start.
    const gapMs = 1000;
    const deadline = Date.now() + (exports + 4) * intervalSeconds * 1000 + 60_000;
    let groups = [];
    while ((groups = sink.exports(gapMs).filter((g) => g.start > polled)).length < exports + 2) {
      if (Date.now() > deadline) throw new Error('the OTLP sink saw too few exports');
      await sleep(200);
    }
    const first = groups[1];
    const last = groups[exports + 1];
    const cpuSeconds = (cpu.at(last.start) - cpu.at(first.start)) / exports;
    cpu.stop();
    const result = { skills, exports, cpuSecondsPerExport: cpuSeconds, requestsPerExport: first.requests };
    log(`otlp: ${skills} skills: ${cpuSeconds.toFixed(3)} s CPU per export (${first.requests} requests each)`);
    return result;
  } finally {
    await stop(exporter?.child);
    await stop(sim.child);
    await sink.close();
  }
}
