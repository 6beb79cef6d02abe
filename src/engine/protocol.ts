// What camera workers and the host's inference engine say to each other over the engine's unix
// socket (framed as MessageSocket frames them). A worker introduces itself with its camera and
// model settings; then sends letterboxed frames as CHW bytes (a quarter of float32's size: 300 KB
// for a 320 model), as the messages' raw attachments, and gets their detections back, in the order sent.
import type { ModelConfigInput } from '../detect/config';
import type { FrameDetections, InputSize } from '../detect/detector';
import type { LetterboxGeometry } from '../detect/letterbox';
import type { PpeRole } from '../domain/detection';
import type { PpeItem } from '../domain/ppe-items';

/** The engine's socket, in the environment of the engine and of the workers that dial it. */
export const ENGINE_SOCKET_ENV = 'CCTV_ENGINE_SOCKET';
/** onnxruntime intra-op threads of the engine's sessions (absent: a thread per core). */
export const ENGINE_THREADS_ENV = 'CCTV_ENGINE_THREADS';
export const ENGINE_LANES_ENV = 'CCTV_ENGINE_LANES';

/** Worker → engine. */
export type EngineRequest =
  /** First, once per connection: which camera, and the model and items its classes are mapped with. */
  | { type: 'hello'; cameraId: string; model: ModelConfigInput; items: readonly PpeItem[] }
  /**
   * One model pass. Its attachment: an input per input size the engine announced, in that order,
   * CHW bytes letterboxed as `geometries` say.
   */
  | { type: 'detect'; id: number; geometries: LetterboxGeometry[] };

/** Engine → worker. */
export type EngineReply =
  | { type: 'ready'; classNames: string[]; roles: PpeRole[]; hasPersonClass: boolean; inputSizes: InputSize[] }
  /** The model cannot be loaded: every camera that uses it gets the same message. */
  | { type: 'failed'; message: string }
  | ({ type: 'detections'; id: number } & FrameDetections)
  | { type: 'detectFailed'; id: number; message: string };
