import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Hang guards, not speed checks: real processes on a shared 2-core machine can be slow.
    testTimeout: 180_000,
    hookTimeout: 180_000,
    // Tests start real ffmpeg, onnxruntime and server processes; two cores cannot run many at once.
    maxWorkers: 2,
    fileParallelism: true,
  },
});
