/**
 * Long synchronous work (translating and rendering 20,000 skills) written as a generator that
 * yields between small pieces, run either at once or in slices that give the event loop back,
 * so scrapes and requests are never held up for long.
 */

/** How long one slice may hold the event loop. */
export const SLICE_MS = 10;

/** Runs the steps to the end in one go. */
export function runAtOnce<T>(steps: Generator<void, T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Runs the steps, letting the event loop run whenever a slice has taken {@link SLICE_MS}. */
export async function runInSlices<T>(steps: Generator<void, T>): Promise<T> {
  let sliceStart = performance.now();
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (performance.now() - sliceStart > SLICE_MS) {
      await nextTurn();
      sliceStart = performance.now();
    }
  }
}
