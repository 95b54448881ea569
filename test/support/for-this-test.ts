/**
 * Servers a test starts, stopped when that test ends, pass or fail, last started first: no
 * `let sim` and `afterEach` in every file, and nothing a test starts outlives it.
 */
import { onTestFinished } from 'vitest';
import type { Exporter } from '../../src/app.js';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../src/simulator/index.js';
import { startHarness, type Harness } from '../exporter/helpers.js';
import { startFake, type FakeHandler, type FakeServer } from '../liveperson/fake-server.js';
import { startDemo, type DemoOptions } from '../otlp/support/demo.js';
import { startReceiver, type OtlpReceiver } from '../otlp/support/receiver.js';

/** Awaits `starting` and registers `stop` to run when the current test finishes. */
export async function forThisTest<T>(starting: Promise<T>, stop: (value: T) => unknown): Promise<T> {
  const value = await starting;
  onTestFinished(async () => {
    await stop(value);
  });
  return value;
}

/** The LivePerson simulator. */
export const useSimulator = (options: SimulatorOptions = {}): Promise<Simulator> => forThisTest(startSimulator(options), (s) => s.stop());

/** A scripted HTTP server standing in for one LivePerson API. */
export const useFake = (handler: FakeHandler): Promise<FakeServer> => forThisTest(startFake(handler), (f) => f.close());

/** An OTLP receiver that records what it is sent. */
export const useReceiver = (options?: Parameters<typeof startReceiver>[0]): Promise<OtlpReceiver> => forThisTest(startReceiver(options), (r) => r.close());

/** The exporter in demo mode, pushing to `endpoint`. */
export const useDemo = (endpoint: string, options?: DemoOptions): Promise<Exporter> => forThisTest(startDemo(endpoint, options), (e) => e.stop());

/** A simulator and an exporter pointed at it like a real account. */
export const useHarness = (...args: Parameters<typeof startHarness>): Promise<Harness> => forThisTest(startHarness(...args), (h) => h.stop());
