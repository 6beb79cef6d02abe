import fs from 'node:fs';
import path from 'node:path';
import dotenv from 'dotenv';
import { z } from 'zod';
import { configSchema, type AppConfig } from './schema';
import { DEMO_VIDEO_FILE, defaultModelPath, sharedDir } from './paths';

/** A configuration problem a user can fix; the message names the field and the reason. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Formats zod issues as "cameras[0].url: reason" lines. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const where = issue.path
        .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
        .join('');
      return `${where || '(root)'}: ${issue.message}`;
    })
    .join('\n');
}

/** The configuration used when no file is given: one demo camera playing the sample clip. */
function demoConfig(env: NodeJS.ProcessEnv): Record<string, unknown> {
  return {
    cameras: [
      {
        id: 'demo',
        name: 'Demo camera',
        location: 'Sample footage',
        url: env.DEMO_VIDEO ?? path.join(sharedDir(env), DEMO_VIDEO_FILE),
        fps: 5,
      },
    ],
  };
}

/**
 * A config without a model section, or without model.path, runs the default model. Returns the
 * config with the path filled in, and whether it was (for the message when that file is missing).
 */
function withDefaultModel(raw: Record<string, unknown>, env: NodeJS.ProcessEnv) {
  const model = raw.model ?? {};
  if (typeof model !== 'object' || model === null || 'path' in model) return { raw, defaulted: false };
  return { raw: { ...raw, model: { ...model, path: defaultModelPath(env) } }, defaulted: true };
}

/** The demo's media folder: where its clip is (DEMO_VIDEO's folder, or the shared media folder). */
function demoMediaDirs(env: NodeJS.ProcessEnv): string[] {
  const shared = path.join(sharedDir(env), 'media');
  return env.DEMO_VIDEO ? [...new Set([shared, path.dirname(path.resolve(env.DEMO_VIDEO))])] : [shared];
}

/** `1`/`true`/`yes`/`on` → true, `0`/`false`/`no`/`off` → false; anything else is left for the schema to reject. */
function parseFlag(value: string): boolean | string {
  if (/^(1|true|yes|on)$/i.test(value.trim())) return true;
  if (/^(0|false|no|off)$/i.test(value.trim())) return false;
  return value;
}

/** Bytes with an optional binary unit: `500000000`, `500M`, `10G`, `1.5TiB`. NaN when unreadable. */
export function parseBytes(value: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?\s*$/i.exec(value);
  if (!m) return NaN;
  const power = ' kmgt'.indexOf(m[2].toLowerCase() || ' ');
  return Math.round(Number(m[1]) * 1024 ** power);
}

/** Environment variables override the file: deployment settings without editing it. */
function applyEnv(raw: Record<string, unknown>, env: NodeJS.ProcessEnv): Record<string, unknown> {
  const out: Record<string, any> = { ...raw };
  if (env.HOST) out.host = env.HOST;
  if (env.PORT) out.port = Number(env.PORT);
  if (env.DATA_DIR) out.storage = { ...(out.storage ?? {}), dir: env.DATA_DIR };
  if (env.MODEL_PATH) out.model = { ...(out.model ?? {}), path: env.MODEL_PATH };
  if (env.WATCHDOG_SECONDS) out.watchdogSeconds = Number(env.WATCHDOG_SECONDS);
  if (env.MEDIA_DIRS) out.mediaDirs = env.MEDIA_DIRS.split(path.delimiter).filter(Boolean);
  else out.mediaDirs ??= demoMediaDirs(env);
  if (env.NODE_CAPACITY) out.node = { ...(out.node ?? {}), capacity: Number(env.NODE_CAPACITY) };
  if (env.NODE_LEASE_MS) out.node = { ...(out.node ?? {}), leaseMs: Number(env.NODE_LEASE_MS) };

  const retention: Record<string, unknown> = { ...(out.retention ?? {}) };
  if (env.RETENTION_DAYS) retention.days = Number(env.RETENTION_DAYS);
  if (env.RETENTION_MAX_BYTES) retention.maxBytes = parseBytes(env.RETENTION_MAX_BYTES);
  if (env.RETENTION_KEEP_REVIEWED) retention.keepReviewed = parseFlag(env.RETENTION_KEEP_REVIEWED);
  if (env.RETENTION_AUDIT_DAYS) retention.auditDays = Number(env.RETENTION_AUDIT_DAYS);
  if (Object.keys(retention).length) out.retention = retention;

  const auth: Record<string, unknown> = { ...(out.auth ?? {}) };
  if (env.SESSION_HOURS) auth.sessionHours = Number(env.SESSION_HOURS);
  if (env.TRUST_PROXY) auth.trustProxy = parseFlag(env.TRUST_PROXY);
  if (env.METRICS_OPEN) auth.metricsOpen = parseFlag(env.METRICS_OPEN);
  if (env.METRICS_TOKEN) auth.metricsToken = env.METRICS_TOKEN;
  if (env.ADMIN_USER) auth.adminUser = env.ADMIN_USER;
  if (env.ADMIN_PASSWORD) auth.adminPassword = env.ADMIN_PASSWORD;
  if (Object.keys(auth).length) out.auth = auth;
  return out;
}

export interface LoadOptions {
  /** Config file (JSON). Default: CCTV_CONFIG, else ./cctv.config.json if present, else the demo. */
  file?: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Check that the model and file sources exist (off for tests that only parse). */
  checkFiles?: boolean;
}

/** The config file loadConfig reads: the one given, else CCTV_CONFIG, else ./cctv.config.json if present. */
export function configFileFor(file: string | undefined, env: NodeJS.ProcessEnv, cwd: string): string | undefined {
  const named = file ?? env.CCTV_CONFIG;
  if (named) return path.resolve(cwd, named);
  const local = path.join(cwd, 'cctv.config.json');
  return fs.existsSync(local) ? local : undefined;
}

export function loadConfig(opts: LoadOptions = {}): AppConfig {
  const cwd = opts.cwd ?? process.cwd();
  if (!opts.env) dotenv.config({ path: path.join(cwd, '.env'), quiet: true });
  const env = opts.env ?? process.env;
  const file = configFileFor(opts.file, env, cwd);

  let raw: Record<string, unknown>;
  let source: string;
  if (file) {
    source = file;
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (err) {
      throw new ConfigError(`Cannot read config file ${file}: ${(err as Error).message}`);
    }
    try {
      raw = JSON.parse(text);
    } catch (err) {
      throw new ConfigError(`Config file ${file} is not valid JSON: ${(err as Error).message}`);
    }
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      throw new ConfigError(`Invalid configuration (${file}):\n(root): expected an object ({ … }) with the settings`);
    }
  } else {
    source = 'the built-in demo configuration';
    raw = demoConfig(env);
  }

  const { raw: complete, defaulted } = withDefaultModel(applyEnv(raw, env), env);
  const parsed = configSchema.safeParse(complete);
  if (!parsed.success) {
    throw new ConfigError(`Invalid configuration (${source}):\n${describeIssues(parsed.error)}`);
  }
  const config = parsed.data;
  config.storage.dir = path.resolve(cwd, config.storage.dir);
  config.model.path = path.resolve(cwd, config.model.path);
  config.mediaDirs = config.mediaDirs.map((dir) => path.resolve(cwd, dir));
  if (opts.checkFiles !== false) checkFiles(config, { isDemo: file === undefined, defaultModel: defaulted, env });
  return config;
}

interface FileCheck {
  isDemo: boolean;
  /** The config names no model: model.path is the default. */
  defaultModel: boolean;
  env: NodeJS.ProcessEnv;
}

function checkFiles(config: AppConfig, { isDemo, defaultModel, env }: FileCheck): void {
  const hint = isDemo
    ? `The demo reads the model and sample video from ${sharedDir(env)}. ` +
      'Set MODEL_PATH and DEMO_VIDEO (or SHARED_DIR), or write a cctv.config.json (see README).'
    : defaultModel
      ? 'The config names no model (model.path), so the default model is used. Set model.path in the ' +
        'config file or MODEL_PATH, or SHARED_DIR to the folder holding models/.'
      : 'Fix the path in the config file or set MODEL_PATH.';
  if (!fs.existsSync(config.model.path)) {
    const which = defaultModel && !isDemo ? 'default model file not found' : 'model file not found';
    throw new ConfigError(`model.path: ${which}: ${config.model.path}\n${hint}`);
  }
  config.cameras.forEach((camera, i) => {
    const isFile = !/^[a-z][a-z0-9+.-]*:\/\//i.test(camera.url) && !camera.url.startsWith('/dev/');
    if (isFile && !fs.existsSync(path.resolve(camera.url))) {
      throw new ConfigError(`cameras[${i}].url: video file not found: ${camera.url}\n${hint}`);
    }
  });
}
