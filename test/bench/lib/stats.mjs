/** Small statistics and formatting helpers of the benchmark. */

export function median(xs) {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export function percentile(xs, p) {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : NaN;
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Samples a process's CPU time every `everyMs`; `at(t)` is the CPU seconds at time t (the last sample before it). */
export function cpuSampler(read, everyMs = 50) {
  const samples = [[Date.now(), read()]];
  const timer = setInterval(() => {
    try {
      samples.push([Date.now(), read()]);
    } catch {
      clearInterval(timer); // the process has exited
    }
  }, everyMs);
  return {
    at(t) {
      let value = samples[0][1];
      for (const [when, cpu] of samples) {
        if (when > t) break;
        value = cpu;
      }
      return value;
    },
    stop: () => clearInterval(timer),
  };
}

export const fmt = {
  ms: (v) => (!Number.isFinite(v) ? 'none finished' : v >= 100 ? `${v.toFixed(0)} ms` : v >= 10 ? `${v.toFixed(1)} ms` : `${v.toFixed(2)} ms`),
  s: (v) => `${v.toFixed(2)} s`,
  mib: (bytes) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`,
  ratio: (v) => (Number.isFinite(v) ? `${v.toFixed(2)}×` : 'n/a'),
  int: (n) => n.toLocaleString('en-US'),
};
