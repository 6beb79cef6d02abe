// What privacy masks cost a camera per frame (issue 19): masking happens on every frame where it
// enters the worker, before detection. Times rasterising the masks (once per picture size) and
// applying them to a 1280×720 RGB frame, black and blur (pixelation), a quarter of the picture
// each and the whole picture.
//   npm run bench:masks -- [--frames 300]
import { parseArgs } from 'node:util';
import { privacyMaskSchema } from '../src/privacy/config';
import { applyRaster, rasterise } from '../src/privacy/raster';
import { rectangle } from '../test/helpers/masks';
import { fmt, median, table } from './lib/stats';

const { values } = parseArgs({ options: { frames: { type: 'string', default: '300' } } });
const FRAMES = Number(values.frames);
const W = 1280;
const H = 720;

const quarter = rectangle(0.1, 0.1, 0.6, 0.6);
const whole = rectangle(0, 0, 1, 1);
const CASES = [
  { name: 'black, a quarter', style: 'black', points: quarter },
  { name: 'blur, a quarter', style: 'blur', points: quarter },
  { name: 'black, whole picture', style: 'black', points: whole },
  { name: 'blur, whole picture', style: 'blur', points: whole },
] as const;

const rows: string[][] = [];
const frame = Buffer.alloc(W * H * 3);
for (const c of CASES) {
  const masks = [privacyMaskSchema.parse({ name: c.name, style: c.style, points: c.points })];
  const t0 = performance.now();
  const raster = rasterise(masks, W, H);
  const rasteriseMs = performance.now() - t0;
  const times: number[] = [];
  for (let i = 0; i < FRAMES; i++) {
    frame.fill(i & 0xff); // a fresh picture, as each frame from the source is
    const start = performance.now();
    applyRaster(raster, frame);
    times.push(performance.now() - start);
  }
  rows.push([c.name, fmt(rasteriseMs, 1), fmt(median(times), 3), fmt((median(times) * 5) / 10, 2)]);
}
console.log(`
### Privacy masks — \`npm run bench:masks\`

${W}×${H} RGB frames, ${FRAMES} frames per case, medians.

${table(['mask', 'rasterise (once), ms', 'apply, ms per frame', '% of a core at 5 fps'], rows)}
`);
