#!/usr/bin/env node
import { enableCompileCache } from './compile-cache.js';

// Before anything else is imported, so that every module after this one can come from the cache.
enableCompileCache();
const { runCli } = await import('./cli/index.js');
const write = (stream: NodeJS.WriteStream) => (text: string) => stream.write(text.endsWith('\n') ? text : text + '\n');
const code = await runCli(process.argv.slice(2), { env: process.env, out: write(process.stdout), err: write(process.stderr) });
// undefined: the command keeps running (the exporter, the simulator) and ends the process itself.
if (code !== undefined) process.exitCode = code;
