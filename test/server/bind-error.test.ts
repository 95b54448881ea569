import { describe, expect, it } from 'vitest';
import { BindError, bindError } from '../../src/server/bind-error.js';

const failure = (code: string) => Object.assign(new Error(`listen ${code}`), { code });

describe('a listen failure, in terms of the setting to change', () => {
  it.each([
    ['EADDRINUSE', 'PORT', 'port 9818 is in use by another process; set PORT (or --port) to a free port'],
    ['EACCES', 'PORT', 'permission denied (ports below 1024 need privileges); set PORT (or --port) to 1024 or above'],
    ['ENOTFOUND', 'HOST', 'HOST "exporter.local" is not a name this machine can resolve; set HOST (or --host)'],
    ['EADDRNOTAVAIL', 'HOST', 'HOST "exporter.local" is not an address of this machine; set HOST (or --host)'],
  ])('%s names %s', (code, setting, message) => {
    const err = bindError(failure(code), 'exporter.local', 9818);
    expect(err).toBeInstanceOf(BindError);
    expect((err as BindError).setting).toBe(setting);
    expect((err as BindError).message).toContain(`cannot listen on exporter.local:9818: ${message}`);
  });

  it('leaves other errors as they are', () => {
    const other = failure('EMFILE');
    expect(bindError(other, '0.0.0.0', 9818)).toBe(other);
  });
});
