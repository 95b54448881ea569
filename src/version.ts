import { createRequire } from 'node:module';

// src/ (tests) and dist/ (built) both sit one level below package.json.
const pkg = createRequire(import.meta.url)('../package.json') as { name: string; version: string };

export const NAME = pkg.name;
export const VERSION = pkg.version;
