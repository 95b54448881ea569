/**
 * Why the HTTP server could not listen, in terms of the setting to change: Node's
 * `getaddrinfo ENOTFOUND` or `EADDRINUSE` names neither HOST nor PORT.
 */
export class BindError extends Error {
  constructor(
    message: string,
    /** The environment variable to change. */
    readonly setting: 'HOST' | 'PORT',
  ) {
    super(message);
    this.name = 'BindError';
  }
}

/** The BindError for a listen failure, or the error itself when it is not about the address. */
export function bindError(err: unknown, host: string, port: number): unknown {
  const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : '';
  const where = `${host}:${port}`;
  const fixHost = 'set HOST (or --host) to an address of this machine, such as 0.0.0.0 (every interface) or 127.0.0.1';
  switch (code) {
    case 'EADDRINUSE':
      return new BindError(`cannot listen on ${where}: port ${port} is in use by another process; set PORT (or --port) to a free port`, 'PORT');
    case 'EACCES':
      return new BindError(`cannot listen on ${where}: permission denied (ports below 1024 need privileges); set PORT (or --port) to 1024 or above`, 'PORT');
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_FAIL':
      return new BindError(`cannot listen on ${where}: HOST "${host}" is not a name this machine can resolve; ${fixHost}`, 'HOST');
    case 'EADDRNOTAVAIL':
    case 'EINVAL':
      return new BindError(`cannot listen on ${where}: HOST "${host}" is not an address of this machine; ${fixHost}`, 'HOST');
    default:
      return err;
  }
}
