/** Shared helpers of the web config tests: an HTTPS client and an exporter started with a web config. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { Agent, request } from 'undici';
import { startExporter, type Exporter } from '../../src/app.js';
import { createLogger } from '../../src/log.js';
import { config } from '../exporter/helpers.js';

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

export interface ClientTls {
  ca: string;
  cert?: string;
  key?: string;
}

/** One GET over HTTPS, trusting `tls.ca` and presenting the client certificate when given. */
export async function get(url: string, tls: ClientTls, authorization?: string): Promise<Answer> {
  const dispatcher = new Agent({
    connect: {
      ca: readFileSync(tls.ca),
      ...(tls.cert && { cert: readFileSync(tls.cert) }),
      ...(tls.key && { key: readFileSync(tls.key) }),
    },
  });
  try {
    const res = await request(url, { dispatcher, ...(authorization && { headers: { authorization } }) });
    return { status: res.statusCode, headers: res.headers, text: await res.body.text() };
  } finally {
    await dispatcher.close();
  }
}

export function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

/** The common name of the certificate the server presents to a new connection. */
export function servedCommonName(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, rejectUnauthorized: false }, () => {
      const subject = socket.getPeerCertificate().subject;
      socket.end();
      resolve(String(subject?.CN ?? ''));
    });
    socket.once('error', reject);
  });
}

export interface WebExporter {
  exporter: Exporter;
  logs: string[];
  webConfig: string;
  stop(): Promise<void>;
}

/** The demo exporter on 127.0.0.1:0 with `yaml` as its web config, written in `dir`. */
export async function startWithWebConfig(dir: string, yaml: string, name = 'web.yml'): Promise<WebExporter> {
  const webConfig = join(dir, name);
  writeFileSync(webConfig, yaml);
  const logs: string[] = [];
  const exporter = await startExporter(
    config(['--demo', '--host', '127.0.0.1', '--port', '0', '--sim-skills', '12', '--web.config.file', webConfig]),
    { logger: createLogger({ level: 'debug', write: (line) => logs.push(line) }) },
  );
  await exporter.poller.pollOnce();
  return { exporter, logs, webConfig, stop: () => exporter.stop() };
}
