// The detector thread (see detector-thread.ts): loads the model(s) and runs them, one call at a
// time, on inputs the calling thread letterboxed into memory shared with this thread.
import { parentPort, workerData } from 'node:worker_threads';
import { createDetector, type DetectionEngine, type DetectorLog } from './detector';
import { PpeCatalogue } from '../domain/ppe-items';
import type { DetectorThreadData, DetectorThreadReply, DetectorThreadRequest } from './detector-thread';

const port = parentPort!;
const reply = (message: DetectorThreadReply) => port.postMessage(message);
const log: DetectorLog = {
  info: (obj, msg) => reply({ type: 'log', level: 'info', obj, msg }),
  warn: (obj, msg) => reply({ type: 'log', level: 'warn', obj, msg }),
};

let detector: DetectionEngine;
try {
  const { model, items } = workerData as DetectorThreadData;
  detector = await createDetector(model, log, { catalogue: new PpeCatalogue(items) });
} catch (err) {
  reply({ type: 'failed', message: (err as Error).message });
  port.close();
  process.exit(); // ends this thread only
}
reply({
  type: 'ready',
  classNames: [...detector.classNames],
  roles: [...detector.roles],
  hasPersonClass: detector.hasPersonClass,
  inputSizes: [...detector.inputSizes],
});

/** Per slot, views of the inputs the calling thread letterboxes into. */
let slots: Float32Array[][] = [];
port.on('message', (request: DetectorThreadRequest) => {
  if (request.type === 'inputs') {
    slots = request.slots.map((inputs) => inputs.map((buffer) => new Float32Array(buffer)));
    return;
  }
  if (request.type === 'close') {
    void detector.close().then(() => port.close());
    return;
  }
  const inputs = request.type === 'detect' ? slots[request.slot] : request.inputs;
  detector.detectLetterboxed(inputs, request.geometries).then(
    ({ detections, timings }) => reply({ type: 'detections', detections, timings }),
    (err: Error) => reply({ type: 'detectFailed', message: err.message }),
  );
});
