#!/usr/bin/env node
/**
 * The simulator on its own, as before there were subcommands: `node dist/simulator/cli.js --port 8081`
 * is `liveperson-nht-exporter simulator --port 8081`.
 */
import { runCli } from '../cli/index.js';

const write = (stream: NodeJS.WriteStream) => (text: string) => stream.write(text.endsWith('\n') ? text : text + '\n');
const code = await runCli(['simulator', ...process.argv.slice(2)], { env: process.env, out: write(process.stdout), err: write(process.stderr) });
if (code !== undefined) process.exitCode = code;
