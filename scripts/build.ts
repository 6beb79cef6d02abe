// Compiles the server, CLI, camera worker, inference engine and detector thread into dist/ (one ESM bundle each),
// so the installed product runs plain JavaScript. Packages stay external: they are installed as
// the package's dependencies, and the native ones (better-sqlite3, onnxruntime-node, sharp)
// cannot be bundled at all. The shipped calibrations are copied next to the bundles, where the
// compiled product looks for them (src/runtime.ts).
import fs from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';
import { ENTRY_POINTS, SHIPPED_CALIBRATIONS } from '../src/runtime';
import { repoRoot } from '../src/config/paths';

const entryPoints = Object.values(ENTRY_POINTS).map(({ source, bundle }) => ({
  in: path.join(repoRoot, source),
  out: path.join(repoRoot, bundle.replace(/\.js$/, '')),
}));

await build({
  entryPoints,
  outdir: repoRoot,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
});

const calibrationSource = path.join(repoRoot, SHIPPED_CALIBRATIONS.source);
const calibrationCopy = path.join(repoRoot, SHIPPED_CALIBRATIONS.bundle);
// Emptied first: a calibration removed from the source must not live on in dist/.
await fs.rm(calibrationCopy, { recursive: true, force: true });
await fs.cp(calibrationSource, calibrationCopy, {
  recursive: true,
  filter: (file) => file === calibrationSource || file.endsWith('.json'),
});
