export {
  createFrameSource,
  type FrameSource,
  type FrameSourceOptions,
  type IngestLogger,
  type SourceState,
  type SourceStats,
} from './frame-source';
export { LatestFrameSlot } from './latest-frame-slot';
export { maskUrl } from './mask-url';
