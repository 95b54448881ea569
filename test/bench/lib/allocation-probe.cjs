/**
 * Preloaded into the exporter by test/bench/poll-allocations.mjs: SIGUSR2 starts V8's sampling
 * heap profiler with the objects collected by both garbage collectors kept in the samples (so it
 * counts what a poll allocates, not what survives it); a second SIGUSR2 writes the profile to
 * ALLOCATION_PROFILE and says so on stderr. Not part of the exporter.
 */
const inspector = require('node:inspector');
const { writeFileSync } = require('node:fs');

const session = new inspector.Session();
session.connect();
let sampling = false;
process.on('SIGUSR2', () => {
  if (!sampling) {
    sampling = true;
    session.post('HeapProfiler.startSampling', { samplingInterval: 8192, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
    return;
  }
  session.post('HeapProfiler.stopSampling', (err, result) => {
    if (err) throw err;
    writeFileSync(process.env.ALLOCATION_PROFILE, JSON.stringify(result.profile));
    process.stderr.write('{"bench":"allocation-profile-written"}\n');
  });
});
