/** Cancellation plumbing for a fetch of many pages: one failure or one shutdown stops them all. */

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
