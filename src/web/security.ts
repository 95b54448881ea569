/**
 * The web config at run time: what the HTTP server needs to start (plain or TLS), the gate in
 * front of every page, and reloading when the file, the certificate, the key or the client CA
 * changes on disk, or on request (SIGHUP). A reload that fails keeps the running settings.
 *
 * What each page requires (docs/security.md): /metrics and / need whatever the file asks (client
 * certificate, basic authentication); /healthz and /readyz are served over the same TLS but
 * without either, because Kubernetes probes cannot present a client certificate or a password,
 * and they only say "ok" or "ready". Client certificates are therefore checked per request rather
 * than during the handshake: a client without one completes the handshake, reaches the probes,
 * and gets 403 anywhere else.
 */
import type { Server } from 'node:http';
import type { ServerOptions } from 'node:https';
import type { SecureContextOptions, Server as TlsServer, TLSSocket } from 'node:tls';
import { FILE_CHECK_INTERVAL_MS, watchFiles, type FileWatch } from '../file-watch.js';
import type { Logger } from '../log.js';
import { sendText, type Gate } from '../server/routes.js';
import { createBasicAuthChecker } from './basic-auth.js';
import { NO_WEB_CONFIG, type WebConfig, type WebTlsConfig } from './config.js';
import { readWebConfig, type LoadedWebConfig } from './read.js';
import { CLIENT_AUTH_TYPES } from './tls-names.js';

/** Pages that Kubernetes probes call: no client certificate, no password. */
export const PROBE_PATHS: ReadonlySet<string> = new Set(['/healthz', '/readyz']);

export const REALM = 'liveperson-nht-exporter';

export interface WebSecurity {
  /** The running settings. */
  readonly current: WebConfig;
  /** Options for `https.createServer`, or undefined to serve plain HTTP. Fixed at start. */
  readonly serverOptions: ServerOptions | undefined;
  /** Headers, client certificate and basic authentication, before every page. */
  readonly gate: Gate;
  /** Lets reloads swap the certificate of the running server. */
  attach(server: Server): void;
  /** Reads the file again; on failure the running settings stay and the errors come back. */
  reload(): Promise<{ ok: true; warnings: string[] } | { ok: false; errors: string[] }>;
  /** Looks at the files now (they are also looked at every few seconds); reloads when one changed. */
  checkFiles(): Promise<boolean>;
  stop(): void;
}

function filesOf(path: string | undefined, config: WebConfig): string[] {
  if (path === undefined) return [];
  const { tls } = config;
  return [path, ...(tls ? [tls.certFile, tls.keyFile, ...(tls.clientCaFile ? [tls.clientCaFile] : [])] : [])];
}

function tlsServerOptions(tls: WebTlsConfig, context: SecureContextOptions): ServerOptions {
  // Never rejected in the handshake: the gate decides per page (see the top of this file).
  return { ...context, requestCert: CLIENT_AUTH_TYPES[tls.clientAuth].request, rejectUnauthorized: false };
}

/** Starts from the file at `path` (undefined: plain HTTP, no authentication). Throws with the problems, one per line. */
export async function startWebSecurity(path: string | undefined, logger: Logger, intervalMs = FILE_CHECK_INTERVAL_MS): Promise<WebSecurity> {
  let current: LoadedWebConfig = { config: NO_WEB_CONFIG, tlsOptions: undefined };
  if (path !== undefined) {
    const first = readWebConfig(path);
    if (!first.ok) throw new Error(first.errors.join('\n'));
    current = first.loaded;
  }
  const servesTls = current.config.tls !== undefined;
  const servers: TlsServer[] = [];
  const checker = createBasicAuthChecker();

  const reload = async (): Promise<{ ok: true; warnings: string[] } | { ok: false; errors: string[] }> => {
    if (path === undefined) return { ok: true, warnings: [] };
    const next = readWebConfig(path);
    if (!next.ok) return next;
    const warnings: string[] = [];
    const { tls } = next.loaded.config;
    if (servesTls !== (tls !== undefined)) {
      warnings.push(
        `${path}: switching between HTTP and HTTPS needs a restart; still serving ${servesTls ? 'HTTPS with the previous certificate' : 'plain HTTP'}`,
      );
    }
    if (tls && next.loaded.tlsOptions && servesTls) {
      const options = tlsServerOptions(tls, next.loaded.tlsOptions);
      for (const server of servers) {
        server.setSecureContext(options);
        // Read by Node for each new connection.
        (server as TlsServer & { requestCert: boolean }).requestCert = options.requestCert === true;
      }
      current = next.loaded;
    } else {
      // Keep the TLS side as it is; users and headers still apply.
      current = { config: { ...next.loaded.config, tls: current.config.tls }, tlsOptions: current.tlsOptions };
    }
    await watch?.setPaths(filesOf(path, next.loaded.config));
    return { ok: true, warnings };
  };

  const watch: FileWatch | undefined =
    path === undefined
      ? undefined
      : await watchFiles({
          paths: filesOf(path, current.config),
          intervalMs,
          onChange: async () => {
            const result = await reload();
            if (!result.ok) {
              logger.error('web config changed on disk but cannot be used; keeping the running one', { errors: result.errors });
              return;
            }
            for (const warning of result.warnings) logger.warn(warning);
            logger.info('web config reloaded after a file changed', { file: path, tls: current.config.tls !== undefined, users: current.config.users.size });
          },
        });

  const gate: Gate = (path, req, res, next) => {
    const { config } = current;
    for (const [name, value] of Object.entries(config.headers)) res.setHeader(name, value);
    if (PROBE_PATHS.has(path)) return next();
    if (config.tls) {
      const problem = clientCertProblem(req.socket as TLSSocket, config.tls);
      if (problem) {
        sendText(res, 403, `Forbidden: ${problem}\n`);
        return;
      }
    }
    if (config.users.size === 0) return next();
    checker.check(config.users, req.headers.authorization).then(
      (outcome) => {
        if (outcome === 'ok') return next();
        if (outcome === 'busy') {
          sendText(res, 429, 'Too Many Requests: password checks are busy\n', { 'Retry-After': '1' });
          return;
        }
        sendText(res, 401, 'Unauthorized\n', { 'WWW-Authenticate': `Basic realm="${REALM}", charset="UTF-8"` });
      },
      (error: unknown) => {
        // Never expected (the hashes were checked when the file was read); the error names no password.
        logger.error('checking a password failed', { error });
        sendText(res, 500, 'Internal Server Error\n');
      },
    );
  };

  return {
    get current() {
      return current.config;
    },
    serverOptions: current.config.tls && current.tlsOptions ? tlsServerOptions(current.config.tls, current.tlsOptions) : undefined,
    gate,
    attach(server) {
      if (servesTls) servers.push(server as unknown as TlsServer);
    },
    reload,
    checkFiles: () => watch?.check() ?? Promise.resolve(false),
    stop: () => watch?.stop(),
  };
}

/** Why the client's certificate does not satisfy `client_auth_type`, or undefined when it does. */
function clientCertProblem(socket: TLSSocket, tls: WebTlsConfig): string | undefined {
  const mode = CLIENT_AUTH_TYPES[tls.clientAuth];
  if (!mode.request || typeof socket.getPeerCertificate !== 'function') return undefined;
  const cert = socket.getPeerCertificate();
  const given = cert !== null && typeof cert === 'object' && Object.keys(cert).length > 0;
  if (!given) return mode.require ? 'a client certificate is required' : undefined;
  if (mode.verify && !socket.authorized) return 'the client certificate is not signed by a trusted CA';
  if (tls.clientAllowedSans.length > 0) {
    const names = (cert.subjectaltname ?? '').split(', ').map((entry) => entry.slice(entry.indexOf(':') + 1));
    if (!names.some((name) => tls.clientAllowedSans.includes(name))) return 'the client certificate names none of the allowed subject alternative names';
  }
  return undefined;
}
