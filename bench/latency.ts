// Latency of the live view: from a frame leaving ffmpeg (frame.time, set when its last byte is
// read from ffmpeg's pipe) to its JPEG's last byte reaching an MJPEG client on loopback.
// Goal: ≤ 500 ms at p95.
//   npm run bench:latency -- [--seconds 30] [--fps 5] [--load 0,4] [--runs 1]
//
// The path is the product's, process for process: a worker process (bench/lib/latency-worker.ts:
// FrameSource → CameraPipeline, watched) sends each JPEG over IPC with the same 'advanced'
// serialization the Supervisor uses; this process publishes it on the real EmbeddedBus, and the
// real MjpegViewer writes it to an HTTP client. The worker also sends the frame's time, which the
// product's protocol does not carry; frames are matched at the client by a hash of the JPEG.
// --load N runs N more cameras detecting on the real system meanwhile, for a busy machine.
import { fork } from 'node:child_process';
import { createHash } from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { EmbeddedBus } from '../src/bus/embedded';
import { repoRoot } from '../src/config/paths';
import { MjpegViewer } from '../src/server/mjpeg';
import type { LatencyFrame, LatencyStart } from './lib/latency-worker';
import { openMjpeg } from './lib/mjpeg';
import { loadAverage, machineInfo } from './lib/proc';
import { fmt, median, percentile, sleep, table, verdict } from './lib/stats';
import { BenchSystem, MODEL, SAMPLE_VIDEO } from './lib/system';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '30' },
    warmup: { type: 'string', default: '5' },
    fps: { type: 'string', default: '5' },
    load: { type: 'string', default: '0,4' },
    runs: { type: 'string', default: '1' },
  },
});
const GOAL_MS = 500;

interface Sample {
  total: number;
  worker: number; // frame left ffmpeg → JPEG encoded (slot wait + detection + rules + encode)
  ipc: number; // encoded → server received it
  delivery: number; // server received → client has the whole part (bus, MJPEG write, loopback)
}

async function measureOnce(): Promise<{ samples: Sample[]; sent: number; load: number }> {
  const bus = new EmbeddedBus();
  const server = http.createServer((req, res) => {
    const viewer = new MjpegViewer(res);
    const unsubscribe = bus.onFrame('cam', (jpeg) => viewer.send(jpeg));
    req.on('close', unsubscribe);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;

  const pending = new Map<string, { frameTime: number; encodedAt: number; receivedAt: number }>();
  const key = (jpeg: Uint8Array) => createHash('sha1').update(jpeg).digest('hex');
  const worker = fork(path.join(repoRoot, 'bench', 'lib', 'latency-worker.ts'), [], {
    execArgv: ['--import', 'tsx'],
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let sent = 0;
  let measuring = false;
  worker.on('message', (m: LatencyFrame) => {
    if (m.type !== 'frame') return;
    const receivedAt = Date.now();
    const jpeg = Buffer.isBuffer(m.jpeg) ? m.jpeg : Buffer.from(m.jpeg);
    if (measuring) {
      pending.set(key(jpeg), { frameTime: m.frameTime, encodedAt: m.encodedAt, receivedAt });
      sent++;
    }
    bus.publishFrame('cam', jpeg);
  });
  worker.send({ type: 'start', url: SAMPLE_VIDEO, fps: Number(values.fps), model: MODEL } satisfies LatencyStart);

  const samples: Sample[] = [];
  const client = await openMjpeg(`http://127.0.0.1:${port}/live.mjpeg`, (jpeg, arrivedAt) => {
    const k = key(jpeg);
    const p = pending.get(k);
    if (!p) return;
    pending.delete(k);
    samples.push({
      total: arrivedAt - p.frameTime,
      worker: p.encodedAt - p.frameTime,
      ipc: p.receivedAt - p.encodedAt,
      delivery: arrivedAt - p.receivedAt,
    });
  });
  await sleep(Number(values.warmup) * 1000); // model load, first frames
  const load = loadAverage();
  measuring = true;
  await sleep(Number(values.seconds) * 1000);
  measuring = false;
  await sleep(1000);
  client.close();
  worker.disconnect();
  await new Promise<void>((r) => (worker.exitCode !== null ? r() : worker.once('exit', () => r())));
  server.close();
  await bus.close();
  return { samples, sent, load };
}

const loads = values.load.split(',').map(Number);
const machine = machineInfo();
const rows: (string | number)[][] = [];
const p95s: number[] = [];
for (const extra of loads) {
  const system =
    extra > 0
      ? await BenchSystem.start(
          Array.from({ length: extra }, (_, i) => ({ id: `load-${i + 1}`, fps: Number(values.fps) })),
        )
      : undefined;
  try {
    for (let r = 0; r < Number(values.runs); r++) {
      const { samples, sent, load } = await measureOnce();
      const col = (f: (s: Sample) => number) => samples.map(f);
      const total = col((s) => s.total);
      p95s.push(percentile(total, 95));
      rows.push([
        extra === 0 ? 'alone' : `+ ${extra} cameras detecting`,
        fmt(load, 2),
        `${samples.length}/${sent}`,
        fmt(median(total), 0),
        `**${fmt(percentile(total, 95), 0)}**`,
        fmt(percentile(total, 99), 0),
        fmt(Math.max(...total), 0),
        fmt(median(col((s) => s.worker)), 1),
        fmt(
          percentile(
            col((s) => s.worker),
            95,
          ),
          1,
        ),
        fmt(median(col((s) => s.ipc)), 1),
        fmt(
          percentile(
            col((s) => s.ipc),
            95,
          ),
          1,
        ),
        fmt(median(col((s) => s.delivery)), 1),
        fmt(
          percentile(
            col((s) => s.delivery),
            95,
          ),
          1,
        ),
      ]);
      console.error(
        `latency, ${extra} extra cameras, run ${r + 1}: p50 ${fmt(median(total), 0)} ms, p95 ${fmt(percentile(total, 95), 0)} ms over ${samples.length} frames`,
      );
    }
  } finally {
    await system?.stop();
  }
}

console.log(`
### Live-view latency — \`npm run bench:latency\`

One camera at ${values.fps} fps (sample clip in real time), watched; frame leaves ffmpeg → JPEG complete at an MJPEG client on loopback.
${machine.cores} cores (${machine.cpu}); ${values.seconds} s per run after ${values.warmup} s warm-up. ms.

${table(['machine', 'load', 'frames matched/sent', 'p50', 'p95', 'p99', 'max', 'worker p50', 'worker p95', 'IPC p50', 'IPC p95', 'server→client p50', 'server→client p95'], rows)}

worker = slot wait + detection + rules + preview encode; IPC = worker → server process; server→client = bus, MJPEG write, loopback.
Goal: p95 ≤ ${GOAL_MS} ms — ${verdict(p95s.every((p) => p <= GOAL_MS))} (worst p95 ${fmt(Math.max(...p95s), 0)} ms).
`);
process.exit(0);
