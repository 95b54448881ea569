/**
 * Where the samples go: an OpenMetrics file (or standard output), Prometheus blocks, or both.
 * Nothing appears under a final name until the whole range has succeeded: the file is assembled
 * under a temporary name and renamed, the blocks are made in a hidden staging folder and moved
 * into place at the end; `discard()` removes all of it.
 */
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, mkdtemp, open, readdir, rename, rm, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { EOF_LINE, familyHeader } from './openmetrics.js';
import { createBlocks } from './promtool.js';

/**
 * Receives each window's text family by family (families in the same order in every window), and
 * puts the result under its final name only in `finish()`.
 */
export interface Sink {
  /** Text of family `index` of the current window; a window's families arrive in order. */
  write(index: number, name: string, help: string, text: string): Promise<void>;
  endWindow(): Promise<void>;
  /** Puts the result under its final name. */
  finish(): Promise<void>;
  /** Removes everything written so far; harmless after finish or twice. */
  discard(): Promise<void>;
}

async function writeAll(stream: WriteStream, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}

/** Writes to `out`, waiting for it to drain; a reader that stops reading cannot hold a stopped backfill. */
async function copyTo(out: Writable, piece: string | Buffer, signal?: AbortSignal): Promise<void> {
  if (!out.write(piece)) await once(out, 'drain', signal && { signal });
}

async function closeStream(stream: WriteStream): Promise<void> {
  if (stream.closed) return;
  stream.end();
  await once(stream, 'close');
}

/**
 * One OpenMetrics file for the whole range. Each family's samples go to a part file of their own
 * as chunks come in; at the end the parts are joined behind their headers, so every family
 * appears once, as promtool requires, without holding the range in memory.
 */
export async function createFileSink(path: string, stdout: Writable, signal?: AbortSignal): Promise<Sink> {
  const toStdout = path === '-';
  const target = toStdout ? undefined : resolve(path);
  const parts = await mkdtemp(target ? join(dirname(target), `.${basename(target)}.parts-`) : join(tmpdir(), 'nht-backfill-'));
  const streams: WriteStream[] = [];
  const names: Array<{ name: string; help: string; used: boolean }> = [];
  const temp = target ? `${target}.tmp-${process.pid}` : undefined;

  const discard = async (): Promise<void> => {
    await Promise.all(streams.map((s) => closeStream(s).catch(() => undefined)));
    await rm(parts, { recursive: true, force: true });
    if (temp) await rm(temp, { force: true });
  };

  return {
    async write(i, name, help, text) {
      streams[i] ??= createWriteStream(join(parts, `${i}.om`));
      names[i] ??= { name, help, used: false };
      names[i].used = true;
      await writeAll(streams[i], text);
    },
    async endWindow() {},
    async finish() {
      await Promise.all(streams.map(closeStream));
      const out = temp ? createWriteStream(temp) : stdout;
      for (const [i, family] of names.entries()) {
        if (!family.used) continue;
        await copyTo(out, familyHeader(family.name, family.help), signal);
        for await (const piece of createReadStream(join(parts, `${i}.om`), { highWaterMark: 1 << 20 })) await copyTo(out, piece as Buffer, signal);
      }
      if (temp) {
        const file = out as WriteStream;
        file.end(EOF_LINE);
        await once(file, 'close');
        await rename(temp, target!);
      } else await copyTo(out, EOF_LINE, signal);
      await rm(parts, { recursive: true, force: true });
    },
    discard,
  };
}

export interface BlocksSinkOptions {
  readonly dir: string;
  readonly promtool: string;
  /** promtool's --max-block-duration: each window's file becomes one block of this length. */
  readonly blockDuration: string;
  /** Called after each block is made, with how long promtool took, ms. */
  readonly onBlock?: (ms: number) => void;
}

/**
 * Prometheus blocks: each window is written to a file of its own and handed to promtool, which
 * runs while the next window is fetched (one promtool at a time, one file on disk besides the one
 * being written). Blocks collect in a staging folder inside `dir` (same file system, so moving
 * them is a rename) and move into `dir` at the end.
 */
export async function createBlocksSink(options: BlocksSinkOptions): Promise<Sink> {
  const dir = resolve(options.dir);
  await mkdir(dir, { recursive: true });
  const staging = await mkdtemp(join(dir, '.backfill-'));
  const blocks = join(staging, 'blocks');
  await mkdir(blocks);
  const stop = new AbortController();
  let pending: Promise<void> = Promise.resolve();
  let n = 0;
  let file: { path: string; handle: FileHandle; family: number } | undefined;

  return {
    async write(index, name, help, text) {
      if (!file) {
        // Only one finished file waits for promtool at a time: bounded disk use.
        await pending;
        const path = join(staging, `window-${n++}.om`);
        file = { path, handle: await open(path, 'w'), family: -1 };
      }
      if (file.family !== index) {
        await file.handle.write(familyHeader(name, help));
        file.family = index;
      }
      await file.handle.write(text);
    },
    async endWindow() {
      if (!file) return;
      const { path, handle } = file;
      file = undefined;
      await handle.write(EOF_LINE);
      await handle.close();
      const started = performance.now();
      pending = createBlocks(options.promtool, path, blocks, options.blockDuration, stop.signal).then(async () => {
        options.onBlock?.(performance.now() - started);
        await rm(path, { force: true });
      });
      // Seen by the next window or by finish(); not an unhandled rejection in between.
      pending.catch(() => undefined);
    },
    async finish() {
      await pending;
      for (const entry of await readdir(blocks)) await rename(join(blocks, entry), join(dir, entry));
      await rm(staging, { recursive: true, force: true });
    },
    async discard() {
      stop.abort();
      await pending.catch(() => undefined);
      await file?.handle.close().catch(() => undefined);
      await rm(staging, { recursive: true, force: true });
    },
  };
}
