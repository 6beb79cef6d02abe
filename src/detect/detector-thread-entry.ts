// The detector thread (see detector-thread.ts): loads the model(s) and serves one frame at a time
// from frames in memory it shares with the calling thread.
import { parentPort, workerData } from 'node:worker_threads';
import { createDetector, type Detector, type DetectorLog } from './detector';
import type { ModelConfigInput } from './config';
import type { DetectorThreadReply, DetectorThreadRequest } from './detector-thread';

const port = parentPort!;
const reply = (message: DetectorThreadReply) => port.postMessage(message);
const log: DetectorLog = {
  info: (obj, msg) => reply({ type: 'log', level: 'info', obj, msg }),
  warn: (obj, msg) => reply({ type: 'log', level: 'warn', obj, msg }),
};

let detector: Detector;
try {
  detector = await createDetector(workerData as ModelConfigInput, log);
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
});

port.on('message', (request: DetectorThreadRequest) => {
  if (request.type === 'close') {
    void detector.close().then(() => port.close());
    return;
  }
  const { buffer, byteOffset, width, height, seq, time } = request;
  const data = Buffer.from(buffer, byteOffset, width * height * 3);
  detector.detect({ data, width, height, seq, time }).then(
    (detections) => reply({ type: 'detections', detections, timings: detector.lastTimings }),
    (err: Error) => reply({ type: 'detectFailed', message: err.message }),
  );
});
