#!/usr/bin/env node
// Node's compile cache (Node 22.1 and later) is turned on by NODE_COMPILE_CACHE alone, which the
// image sets to the cache its build writes (Dockerfile); the exporter never picks a directory
// itself, so nothing it runs comes from a shared temporary folder another user could fill.
import { runCli } from './cli/index.js';

const write = (stream: NodeJS.WriteStream) => (text: string) => stream.write(text.endsWith('\n') ? text : text + '\n');
const code = await runCli(process.argv.slice(2), { env: process.env, out: write(process.stdout), err: write(process.stderr) });
// undefined: the command keeps running (the exporter, the simulator) and ends the process itself.
if (code !== undefined) process.exitCode = code;
