/** Cancellation plumbing for a fetch of many pages: one failure or one shutdown stops them all. */

/** Waits for every page; the first failure aborts the rest and is the one reported. */
export async function allOrAbort<T>(promises: Promise<T>[], run: AbortController): Promise<T[]> {
  let failed = false;
  let firstError: unknown;
  const settled = await Promise.allSettled(
    promises.map((p) =>
      p.catch((err: unknown) => {
        if (!failed) {
          failed = true;
          firstError = err;
          run.abort(err);
        }
        throw err;
      }),
    ),
  );
  if (failed) throw firstError;
  return settled.map((s) => (s as PromiseFulfilledResult<T>).value);
}

/** Aborts `target` when any source aborts; returns the unlinking function (no listener outlives a fetch). */
export function linkAbort(target: AbortController, sources: (AbortSignal | undefined)[]): () => void {
  const unlinks: (() => void)[] = [];
  for (const source of sources) {
    if (!source) continue;
    if (source.aborted) {
      target.abort(source.reason);
      continue;
    }
    const onAbort = (): void => target.abort(source.reason);
    source.addEventListener('abort', onAbort, { once: true });
    unlinks.push(() => source.removeEventListener('abort', onAbort));
  }
  return () => unlinks.forEach((u) => u());
}
