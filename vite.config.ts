import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The dashboard lives in src/web and is built into dist/web, which the Fastify server serves at `/`
// (with SPA fallback). Paths are resolved from this file so the config works from any working directory;
// they are the same as `root: 'src/web'` and `build.outDir: '../../dist/web'`.
const root = fileURLToPath(new URL('./src/web', import.meta.url));
const outDir = fileURLToPath(new URL('./dist/web', import.meta.url));

/** Where `vite` (dev) and `vite preview` forward API calls. Override with CCTV_API_TARGET. */
const apiTarget = process.env.CCTV_API_TARGET ?? 'http://127.0.0.1:8080';

// Keys are path prefixes (or regexes when they start with ^). '/api/' rather than '/api', which would
// also swallow the dev server's own src/web/api.ts module.
const proxy = {
  // All of /api/, including the long-lived /api/events (SSE) and /api/cameras/:id/live.mjpeg streams.
  '/api/': { target: apiTarget },
  '^/health(\\?.*)?$': { target: apiTarget },
};

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir,
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2022',
  },
  server: { proxy },
  preview: { proxy },
});
