#!/usr/bin/env node
// The `cctv` command: runs the compiled CLI (dist/, made by `npm run build`).
import fs from 'node:fs';

const cli = new URL('../dist/cli.js', import.meta.url);
if (!fs.existsSync(cli)) {
  console.error(`${cli.pathname} is missing: run \`npm run build\` in ${new URL('..', import.meta.url).pathname}`);
  process.exit(1);
}
await import(cli.href);
