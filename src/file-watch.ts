/**
 * Notices when files change: certificates renewed in place, a Kubernetes Secret or ConfigMap
 * updated (Kubernetes swaps a `..data` symlink, so the path keeps its name but leads to a new
 * file). fs.watch misses such swaps on some file systems and cannot see through symlinks, so this
 * compares what stat() reports through the links, every few seconds and whenever asked.
 */
import { stat } from 'node:fs/promises';

export interface FileWatch {
  /** Compares the files with their last seen state; resolves to true (and calls onChange once) when any differs. */
  check(): Promise<boolean>;
  /** Takes the current state as the new reference, e.g. right after the files were read. */
  rebase(): Promise<void>;
  /** Replaces the set of files watched (after a reload named other files); the new set is the reference. */
  setPaths(paths: readonly string[]): Promise<void>;
  stop(): void;
}

export interface FileWatchOptions {
  readonly paths: readonly string[];
  readonly onChange: () => void | Promise<void>;
  /** How often to look, ms; 0: only when check() is called. */
  readonly intervalMs: number;
}

/** How often the exporter looks at the files it was told to watch. */
export const FILE_CHECK_INTERVAL_MS = 2000;

async function signature(path: string): Promise<string> {
  try {
    const s = await stat(path);
    return `${s.dev}:${s.ino}:${s.size}:${s.mtimeMs}:${s.ctimeMs}`;
  } catch (error) {
    // A file that went missing is a change too; reading it will say what is wrong.
    return `missing:${(error as NodeJS.ErrnoException).code ?? ''}`;
  }
}

async function signatures(paths: readonly string[]): Promise<string[]> {
  return Promise.all(paths.map(signature));
}

export async function watchFiles(options: FileWatchOptions): Promise<FileWatch> {
  let paths = [...options.paths];
  let seen = await signatures(paths);
  let checking: Promise<boolean> | undefined;

  const check = (): Promise<boolean> =>
    (checking ??= (async () => {
      try {
        const now = await signatures(paths);
        if (now.every((s, i) => s === seen[i])) return false;
        seen = now;
        await options.onChange();
        return true;
      } finally {
        checking = undefined;
      }
    })());

  const timer = options.intervalMs > 0 ? setInterval(() => void check().catch(() => {}), options.intervalMs) : undefined;
  timer?.unref();
  return {
    check,
    rebase: async () => {
      seen = await signatures(paths);
    },
    setPaths: async (next) => {
      paths = [...next];
      seen = await signatures(paths);
    },
    stop: () => clearInterval(timer),
  };
}
