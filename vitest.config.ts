import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Tests start real ffmpeg, onnxruntime and server processes; two cores cannot run many at once.
    maxWorkers: 2,
    fileParallelism: true,
  },
});
