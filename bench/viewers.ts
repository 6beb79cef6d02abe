// MJPEG viewers on the real system. Viewer counts alternate 0 → 1 → 16 in rounds on one running
// system; every comparison is taken within a round (the states follow each other within a
// minute), and the median over rounds is reported.
//   A  encode-on-watch: one camera at 5 fps; the worker's CPU with 0, 1 and 16 viewers (a worker
//      encodes a preview every frame only while someone watches, else one every 2 s).
//   B  16 viewers of one camera on a machine whose detection is saturated (6 cameras at 30 fps: 2 cores detect ~130 fps,
//      viewers on cam-1): detect fps with 0 vs 16 viewers. Goal: at most 5 % lower.
//   npm run bench:viewers -- [--rounds 3] [--seconds 15] [--settle 6] [--scenarios A,B] [--saturate 6] [--saturate-fps 30] [--threads n] [--spin-wait]
import { parseArgs } from 'node:util';
import { openMjpeg, type MjpegClient } from './lib/mjpeg';
import { cpuSnapshot, loadAverage, machineInfo } from './lib/proc';
import { fmt, mean, median, pct, sleep, table, verdict } from './lib/stats';
import { BenchSystem, type CameraJson } from './lib/system';
import { onnxOptions, onnxSettings } from './lib/onnx-options';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '15' },
    settle: { type: 'string', default: '6' },
    scenarios: { type: 'string', default: 'A,B' },
    saturate: { type: 'string', default: '6' },
    'saturate-fps': { type: 'string', default: '30' },
    fps: { type: 'string', default: '5' },
    ...onnxOptions,
  },
});
const { model: modelConfig, description: onnxDescription } = onnxSettings(values);
const STATES = [0, 1, 16] as const;
const GOAL = 0.05;

interface StateSample {
  viewers: number;
  load: number;
  workerCpu: number; // cam-1's worker, share of a core
  ffmpegCpu: number;
  serverCpu: number;
  detectFps: number; // cam-1
  totalDetectFps: number;
  /** JPEGs per second each viewer received (mean over viewers). */
  viewerFps: number;
}
/** One round: a sample per viewer count. */
type Round = Record<(typeof STATES)[number], StateSample>;

async function runScenario(cameras: { id: string; fps: number }[]): Promise<Round[]> {
  const system = await BenchSystem.start(cameras, { model: modelConfig });
  const viewers: MjpegClient[] = [];
  const setViewers = async (n: number) => {
    while (viewers.length > n) viewers.pop()!.close();
    while (viewers.length < n) viewers.push(await openMjpeg(`${system.url}/api/cameras/cam-1/live.mjpeg`));
  };
  const rounds: Round[] = [];
  try {
    await sleep(5000); // warm-up
    for (let r = 0; r < Number(values.rounds); r++) {
      const round = {} as Round;
      for (const n of STATES) {
        await setViewers(n);
        await sleep(Number(values.settle) * 1000); // the supervisor tells the worker; the detect fps window refills
        const procs = system.processes();
        const worker = procs.workers.get('cam-1')!.pid;
        const ffmpeg = procs.ffmpeg.get('cam-1')?.map((p) => p.pid) ?? [];
        const pids = [procs.server.pid, worker, ...ffmpeg];
        const parts0 = viewers.map((v) => v.parts);
        const cpu0 = cpuSnapshot(pids);
        const t0 = performance.now();
        const stats: CameraJson[][] = [];
        while (performance.now() - t0 < Number(values.seconds) * 1000) {
          await sleep(1000);
          stats.push(await system.cameraStats());
        }
        const cpu1 = cpuSnapshot(pids);
        const s = (performance.now() - t0) / 1000;
        const share = (pid: number) => ((cpu1.get(pid) ?? NaN) - (cpu0.get(pid) ?? NaN)) / s;
        const sample: StateSample = {
          viewers: n,
          load: loadAverage(),
          workerCpu: share(worker),
          ffmpegCpu: ffmpeg.reduce((a, pid) => a + share(pid), 0),
          serverCpu: share(procs.server.pid),
          detectFps: mean(stats.map((l) => l.find((c) => c.id === 'cam-1')?.stats.detectFps ?? 0)),
          totalDetectFps: mean(stats.map((l) => l.reduce((a, c) => a + c.stats.detectFps, 0))),
          viewerFps: n ? mean(viewers.map((v, i) => (v.parts - parts0[i]) / s)) : 0,
        };
        round[n] = sample;
        console.error(
          `  round ${r + 1}, ${n} viewers: cam-1 detect ${fmt(sample.detectFps)} fps (all ${fmt(sample.totalDetectFps)}), worker ${fmt(sample.workerCpu * 100)} %, server ${fmt(sample.serverCpu * 100)} %, ${fmt(sample.viewerFps)} JPEG/s per viewer, load ${fmt(sample.load, 2)}`,
        );
      }
      rounds.push(round);
    }
  } finally {
    await setViewers(0);
    await system.stop();
  }
  return rounds;
}

/** Per viewer count, the median over rounds of each figure. */
function stateTable(rounds: Round[], cols: [string, (s: StateSample) => string][]): string {
  return table(
    ['viewers', ...cols.map(([h]) => h)],
    STATES.map((n) => {
      const med = (f: (s: StateSample) => number) => median(rounds.map((r) => f(r[n])));
      return [
        n,
        ...cols.map(([, f]) =>
          f({
            viewers: n,
            load: med((s) => s.load),
            workerCpu: med((s) => s.workerCpu),
            ffmpegCpu: med((s) => s.ffmpegCpu),
            serverCpu: med((s) => s.serverCpu),
            detectFps: med((s) => s.detectFps),
            totalDetectFps: med((s) => s.totalDetectFps),
            viewerFps: med((s) => s.viewerFps),
          }),
        ),
      ];
    }),
  );
}
const perRound = (rounds: Round[], f: (r: Round) => number) => rounds.map(f);

const machine = machineInfo();
const scenarios = values.scenarios.split(',');
let report = `
### Viewers — \`npm run bench:viewers\`

Real system; viewer counts alternate ${STATES.join(' → ')} for ${values.rounds} round(s), ${values.settle} s settle then a ${values.seconds} s window per state;
${onnxDescription}; ${machine.cores} cores (${machine.cpu}). CPU in % of one core. Tables: median per state; comparisons: per round, then the median.
`;

if (scenarios.includes('A')) {
  console.error('scenario A: one camera, encode-on-watch');
  const rounds = await runScenario([{ id: 'cam-1', fps: Number(values.fps) }]);
  const saving = perRound(rounds, (r) => r[1].workerCpu - r[0].workerCpu);
  const savingShare = perRound(rounds, (r) => 1 - r[0].workerCpu / r[1].workerCpu);
  const fanout = perRound(rounds, (r) => r[16].serverCpu - r[1].serverCpu);
  report += `
A — encode-on-watch, one camera at ${values.fps} fps:

${stateTable(rounds, [
  ['worker CPU %', (s) => fmt(s.workerCpu * 100, 1)],
  ['ffmpeg CPU %', (s) => fmt(s.ffmpegCpu * 100, 1)],
  ['server CPU %', (s) => fmt(s.serverCpu * 100, 1)],
  ['detect fps', (s) => fmt(s.detectFps)],
  ['JPEG/s per viewer', (s) => fmt(s.viewerFps)],
  ['load', (s) => fmt(s.load, 2)],
])}

Worker CPU, 1 viewer minus 0 viewers, per round: ${saving.map((v) => fmt(v * 100, 2)).join(', ')} % of a core — median **${fmt(median(saving) * 100, 2)} % of a core** saved per unwatched camera (${pct(median(savingShare))} of the watched worker's CPU).
Server CPU, 16 viewers minus 1, per round: ${fanout.map((v) => fmt(v * 100, 2)).join(', ')} % of a core.
`;
}

if (scenarios.includes('B')) {
  const k = Number(values.saturate);
  const fps = Number(values['saturate-fps']);
  console.error(`scenario B: ${k} cameras at ${fps} fps, viewers on cam-1`);
  const rounds = await runScenario(Array.from({ length: k }, (_, i) => ({ id: `cam-${i + 1}`, fps })));
  const cam = perRound(rounds, (r) => r[16].detectFps / r[0].detectFps - 1);
  const all = perRound(rounds, (r) => r[16].totalDetectFps / r[0].totalDetectFps - 1);
  const one = perRound(rounds, (r) => r[1].detectFps / r[0].detectFps - 1);
  const fan = perRound(rounds, (r) => r[16].detectFps / r[1].detectFps - 1);
  report += `
B — saturated detection: ${k} cameras at ${fps} fps, viewers on cam-1:

${stateTable(rounds, [
  ['cam-1 detect fps', (s) => fmt(s.detectFps)],
  ['all cameras detect fps', (s) => fmt(s.totalDetectFps)],
  ['cam-1 worker CPU %', (s) => fmt(s.workerCpu * 100, 1)],
  ['server CPU %', (s) => fmt(s.serverCpu * 100, 1)],
  ['JPEG/s per viewer', (s) => fmt(s.viewerFps)],
  ['load', (s) => fmt(s.load, 2)],
])}

Change in detect fps with 16 viewers vs 0, per round: cam-1 ${cam.map((v) => pct(v)).join(', ')}; all cameras ${all.map((v) => pct(v)).join(', ')}.
Medians: 16 vs 0 — cam-1 **${pct(median(cam))}**, all cameras **${pct(median(all))}**; 1 vs 0 (encoding every frame) cam-1 ${pct(median(one))}; 16 vs 1 (the MJPEG fan-out) cam-1 ${pct(median(fan))}.
Goal: at most 5 % fewer detections with 16 viewers — cam-1 ${verdict(median(cam) >= -GOAL)}, all cameras ${verdict(median(all) >= -GOAL)}.
`;
}
console.log(report);
process.exit(0);
