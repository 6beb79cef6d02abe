// How this process runs: compiled (the dist/ bundles, no TypeScript tooling) or from source
// through tsx (development and tests). The one place that knows where each entry point lives.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from './config/paths';

/** Entry points: the source file, and the bundle the build writes for it. */
export const ENTRY_POINTS = {
  cli: { source: 'src/cli.ts', bundle: 'dist/cli.js' },
  worker: { source: 'src/worker/main.ts', bundle: 'dist/worker.js' },
  engine: { source: 'src/engine/main.ts', bundle: 'dist/engine.js' },
  detectorThread: { source: 'src/detect/detector-thread-entry.ts', bundle: 'dist/detector-thread.js' },
} as const;

export type EntryPoint = keyof typeof ENTRY_POINTS;

/** True when running from the dist/ bundles: this module is then part of a .js file. */
export const isCompiled = !import.meta.url.endsWith('.ts');

/** A process to start for an entry point: the script, the Node options and environment defaults it needs. */
export interface ProcessEntry {
  script: string;
  execArgv: string[];
  /** Defaults under the caller's environment (a value set there wins). */
  env: Record<string, string>;
}

/**
 * A camera worker is one of many such processes on a host: a small young generation (2 MB
 * semi-spaces against V8's 16) and two malloc arenas (glibc makes up to 8 per core, one per
 * allocating thread) take a worker from ~125 to ~98 MiB resident at no measured CPU cost
 * (bench/results.md, fifth round).
 */
const LEAN_WORKER = { execArgv: ['--max-semi-space-size=2'], env: { MALLOC_ARENA_MAX: '2' } };

/** How to start an entry point as its own Node process (fork, PM2). */
export function processEntry(entry: EntryPoint): ProcessEntry {
  const { source, bundle } = ENTRY_POINTS[entry];
  const lean = entry === 'worker' ? LEAN_WORKER : { execArgv: [], env: {} };
  return isCompiled
    ? { script: path.join(repoRoot, bundle), execArgv: lean.execArgv, env: lean.env }
    : { script: path.join(repoRoot, source), execArgv: ['--import', 'tsx', ...lean.execArgv], env: lean.env };
}

/**
 * What `new Worker()` takes for an entry point run as a thread. A worker thread ignores
 * `--import tsx`, so from source the thread registers tsx itself before loading the entry.
 */
export function threadEntry(entry: EntryPoint): { filename: string | URL; eval: boolean } {
  const { source, bundle } = ENTRY_POINTS[entry];
  if (isCompiled) return { filename: pathToFileURL(path.join(repoRoot, bundle)), eval: false };
  const url = JSON.stringify(pathToFileURL(path.join(repoRoot, source)).href);
  return {
    filename: `import('tsx/esm/api').then((tsx) => tsx.register()).then(() => import(${url}));`,
    eval: true,
  };
}

/**
 * The score thresholds calibrated for the shipped models (src/detect/thresholds.ts): JSON data,
 * not code, so the build copies them next to the bundles rather than compiling them in.
 */
export const SHIPPED_CALIBRATIONS = { source: 'src/detect/calibration', bundle: 'dist/calibration' } as const;

/** Where this process finds the shipped calibrations: the source folder, or the build's copy. */
export const shippedCalibrationDir = path.join(
  repoRoot,
  isCompiled ? SHIPPED_CALIBRATIONS.bundle : SHIPPED_CALIBRATIONS.source,
);

/** The built dashboard, served at `/`. */
export const webDir = path.join(repoRoot, 'dist', 'web');

/** The version in package.json. */
export function packageVersion(): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}
