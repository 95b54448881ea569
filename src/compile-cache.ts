/**
 * Node's module compile cache (Node 22.1 and later): V8's compiled code of each module is kept on
 * disk, so a start after the first skips compiling the exporter and its dependencies (about 30 ms
 * of the start-up, docs/benchmarks.md). The directory is `NODE_COMPILE_CACHE` when set (the image
 * sets it to a cache written when the image is built), else `node-compile-cache` in the system's
 * temporary folder. Node writes what it compiled when the process exits; a directory it cannot
 * write (a read-only root filesystem) is read as it is. `NODE_DISABLE_COMPILE_CACHE=1` turns it off.
 * Node 20 has no such cache and starts as before.
 */
import * as nodeModule from 'node:module';

/** What Node 22.1+ adds to node:module; absent from Node 20 and from the @types/node the project pins. */
interface WithCompileCache {
  readonly enableCompileCache?: (directory?: string) => unknown;
}

export function enableCompileCache(): void {
  const { enableCompileCache: enable } = nodeModule as WithCompileCache;
  try {
    enable?.();
  } catch {
    // A cache is a shortcut: failing to set one up is no reason not to start.
  }
}
