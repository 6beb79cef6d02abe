// Compiles the server, CLI, camera worker and detector thread into dist/ (one ESM bundle each),
// so the installed product runs plain JavaScript. Packages stay external: they are installed as
// the package's dependencies, and the native ones (better-sqlite3, onnxruntime-node, sharp)
// cannot be bundled at all.
import path from 'node:path';
import { build } from 'esbuild';
import { ENTRY_POINTS } from '../src/runtime';
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
