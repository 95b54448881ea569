/**
 * Reloading the configuration (SIGHUP) and rotating secrets (a `_FILE` changed): the new
 * configuration is loaded and checked like at start; if it is invalid it is refused with the usual
 * lines and the running one carries on. Otherwise what can change at run time is applied (poll
 * settings, skill filter, credentials, log level, OTLP headers, the web config) and the keys that
 * need a restart are named in one warning. Either way the reload metrics say how it went.
 */
import { keyProblem } from '../config/messages.js';
import type { LoadResult } from '../config/load.js';
import type { Config } from '../config/schema.js';
import type { Logger } from '../log.js';
import type { ReloadTrigger } from '../metrics/own.js';
import { setAt } from './set-at.js';
import { nameKeys, planReload, type ReloadPlan } from './plan.js';
import type { RotatedSecret } from './secret-files.js';

export interface ReloadOutcome {
  readonly ok: boolean;
  /** Problems that refused the reload (the running configuration carries on). */
  readonly errors: readonly string[];
  /** Settings applied, by path. */
  readonly applied: readonly string[];
  /** Settings that changed but need a restart, by path. */
  readonly restartNeeded: readonly string[];
}

/** What the running exporter lets a reload change. */
export interface ReloadTarget {
  /** Applies the plan's keys from `next`; returns problems when something could not be applied. */
  apply(next: Config, plan: ReloadPlan): Promise<string[]>;
  /** Reads the web config file and its certificates again. */
  reloadWeb(): Promise<{ ok: true; warnings: string[] } | { ok: false; errors: string[] }>;
}

export interface ReloaderOptions {
  readonly initial: Config;
  /** Loads the configuration again from the same sources as at start (file, environment, flags). */
  readonly load: () => LoadResult;
  readonly target: ReloadTarget;
  readonly metrics: { reloaded(trigger: ReloadTrigger, ok: boolean, at: number): void };
  readonly logger: Logger;
  readonly now: () => number;
}

export interface Reloader {
  /** The configuration in force. */
  readonly running: Config;
  /** SIGHUP: everything again. */
  reload(): Promise<ReloadOutcome>;
  /** Rotated secret files: only their values change. */
  rotate(rotated: readonly RotatedSecret[]): Promise<boolean>;
}

export function createReloader(options: ReloaderOptions): Reloader {
  const { target, logger } = options;
  let running = options.initial;
  // One at a time: a second SIGHUP waits for the first.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(job: () => Promise<T>): Promise<T> => {
    const run = queue.then(job, job);
    queue = run.catch(() => undefined);
    return run;
  };

  const finish = (trigger: ReloadTrigger, outcome: ReloadOutcome): ReloadOutcome => {
    options.metrics.reloaded(trigger, outcome.ok, options.now());
    return outcome;
  };

  const applyConfig = async (next: Config, trigger: ReloadTrigger): Promise<ReloadOutcome> => {
    const plan = planReload(running, next);
    const errors = plan.apply.length > 0 ? await target.apply(next, plan) : [];
    if (errors.length > 0) {
      for (const line of errors) logger.error('reload refused; the running configuration carries on', { problem: line });
      return finish(trigger, { ok: false, errors, applied: [], restartNeeded: [] });
    }
    // Keys that need a restart keep their running value, so that the next reload names them again.
    let kept = next;
    for (const key of plan.restart) kept = setAt(kept, key.path, valueOf(running, key.path));
    running = kept;
    if (plan.restart.length > 0) {
      logger.warn('configuration changed where a restart is needed; still running with the old values', { settings: nameKeys(plan.restart) });
    }
    return finish(trigger, { ok: true, errors: [], applied: plan.apply.map((k) => k.path), restartNeeded: plan.restart.map((k) => k.path) });
  };

  return {
    get running() {
      return running;
    },
    reload: () =>
      serial(async () => {
        logger.info('reloading the configuration', { trigger: 'SIGHUP' });
        const loaded = options.load();
        const web = loaded.ok ? await target.reloadWeb() : { ok: true as const, warnings: [] };
        const errors = [...(loaded.ok ? [] : loaded.errors), ...(web.ok ? [] : web.errors)];
        if (!loaded.ok || !web.ok) {
          for (const line of errors) logger.error('reload refused; the running configuration carries on', { problem: line });
          return finish('signal', { ok: false, errors, applied: [], restartNeeded: [] });
        }
        for (const warning of web.warnings) logger.warn(warning);
        const outcome = await applyConfig(loaded.config, 'signal');
        if (outcome.ok) {
          logger.info('configuration reloaded', { applied: outcome.applied.join(', ') || 'nothing changed', web_config: 'read again' });
        }
        return outcome;
      }),
    rotate: (rotated) =>
      serial(async () => {
        let next = running;
        for (const { key, value } of rotated) next = setAt(next, key.path, value);
        const outcome = await applyConfig(next, 'secret_file');
        if (outcome.ok) {
          // One line per secret, naming the file's variable and the setting, never the value.
          for (const { key } of rotated) {
            if (outcome.restartNeeded.includes(key.path)) logger.warn('secret file changed; it takes effect at the next restart', { secret: key.fileEnv, setting: key.path });
            else logger.info('secret reloaded from its file', { secret: key.fileEnv, setting: key.path });
          }
        } else {
          for (const { key } of rotated) logger.error(keyProblem(key, 'the rotated secret could not be used; keeping the running one', key.fileEnv));
        }
        return outcome.ok;
      }),
  };
}

function valueOf(config: Config, path: string): unknown {
  let node: unknown = config;
  for (const part of path.split('.')) node = (node as Record<string, unknown>)[part];
  return node;
}
