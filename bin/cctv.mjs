#!/usr/bin/env node
// The `cctv` command. Until the compiled build lands it runs the TypeScript CLI through tsx,
// a runtime dependency of the package.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
