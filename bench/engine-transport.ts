// What sending a frame to the host's inference engine costs, against what inferring it costs:
// a letterboxed CHW byte frame (320: 300 KB, 640: 1.2 MB) sent over a unix socket to a process
// that answers at once with a detection-sized reply (MessageSocket framing, the frame as a raw
// attachment read into a reused buffer, as RemoteDetector and the engine do), round trips timed
// one at a time; then the models' own
// inference time on the same machine.
//   npm run bench:transport -- [--frames 200]
import { fork } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEMO_MODEL_FILE, FAST_MODEL_FILE, sharedDir } from '../src/config/paths';
import { createDetector } from '../src/detect/detector';
import { MessageSocket } from '../src/worker/message-socket';
import { cpuSeconds, loadAverage, machineInfo } from './lib/proc';
import { fmt, median, percentile, table } from './lib/stats';

const { values } = parseArgs({ options: { frames: { type: 'string', default: '200' }, echo: { type: 'string' } } });

type Sent = { type: 'detect'; id: number };
type Answer = { type: 'detections'; id: number; detections: { box: number[]; score: number }[] };

// The far end: answers each frame with ten boxes, as an engine would.
if (values.echo) {
  const server = net.createServer((socket) => {
    // One reused buffer, as the engine's frame pool reuses its few.
    let frame = new Uint8Array(0);
    const attachmentBuffer = (bytes: number) => (frame.length === bytes ? frame : (frame = new Uint8Array(bytes)));
    const conn = new MessageSocket<Sent, Answer>(socket, { attachmentBuffer });
    const detections = Array.from({ length: 10 }, () => ({ box: [1, 2, 3, 4], score: 0.5 }));
    conn.on('message', (m: Sent) => conn.send({ type: 'detections', id: m.id, detections }));
  });
  server.listen(values.echo, () => process.send?.('listening'));
} else {
  const frames = Number(values.frames);
  const socketPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cctv-transport-')), 'echo.sock');
  const echo = fork(new URL(import.meta.url).pathname, ['--echo', socketPath], { execArgv: ['--import', 'tsx'] });
  await new Promise((resolve) => echo.once('message', resolve));
  const conn = new MessageSocket<Answer, Sent>(net.connect(socketPath));

  async function roundTrips(side: number): Promise<{ ms: number[]; cpuMs: number }> {
    const input = new Uint8ClampedArray(3 * side * side).fill(114);
    const ms: number[] = [];
    const cpu0 = process.cpuUsage();
    const echoCpu0 = cpuSeconds(echo.pid!)!;
    for (let id = 0; id < frames; id++) {
      const t = performance.now();
      const answered = new Promise((resolve) => conn.once('message', resolve));
      conn.send({ type: 'detect', id }, [input]);
      await answered;
      ms.push(performance.now() - t);
    }
    const own = process.cpuUsage(cpu0);
    const cpuMs = ((own.user + own.system) / 1000 + (cpuSeconds(echo.pid!)! - echoCpu0) * 1000) / frames;
    return { ms, cpuMs };
  }

  async function inferenceMs(file: string): Promise<number> {
    const detector = await createDetector({ path: path.join(sharedDir(), 'models', path.basename(file)) });
    const side = detector.inputSizes[0].width;
    const frame = { data: Buffer.alloc(1280 * 720 * 3, 90), width: 1280, height: 720, seq: 0, time: 0 };
    const ms: number[] = [];
    for (let i = 0; i < 20; i++) ms.push((await detector.detect(frame)).timings.inferenceMs);
    await detector.close();
    return side && median(ms.slice(5));
  }

  const rows = [];
  for (const [side, model] of [
    [320, FAST_MODEL_FILE],
    [640, DEMO_MODEL_FILE],
  ] as const) {
    await roundTrips(side); // warm-up
    const { ms, cpuMs } = await roundTrips(side);
    const infer = await inferenceMs(model);
    rows.push([
      `${side}×${side}×3 (${fmt((3 * side * side) / 1024, 0)} KiB)`,
      fmt(median(ms), 2),
      fmt(percentile(ms, 95), 2),
      fmt(cpuMs, 2),
      fmt(infer, 1),
      `${fmt((cpuMs / infer) * 100, 1)} %`,
    ]);
  }
  conn.close();
  echo.kill();
  const machine = machineInfo();
  console.log(`
### Engine transport — \`npm run bench:transport\`

A letterboxed byte frame to a process over a unix socket (MessageSocket, the frame as a raw attachment into a reused
buffer) and a detection-sized answer back, ${frames} round trips one at a time; inference: the model's median on a 1280×720 frame (\`createDetector\`,
a thread per core). ${machine.cores} cores (${machine.cpu}), load ${fmt(loadAverage(), 2)}.

${table(['frame', 'round trip ms (median)', 'p95', 'CPU ms per frame (both ends)', 'inference ms', 'transport CPU / inference'], rows)}
`);
}
