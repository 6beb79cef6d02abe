import { useState } from 'react';
import type { Box } from '../types';

interface FrameWithBoxProps {
  src: string;
  alt: string;
  box: Box;
  showBox: boolean;
}

/**
 * The full frame in a 16:9 box reserved up front, with the capture's box outlined on top. The outline is
 * an SVG in the image's own pixel coordinates, letterboxed the same way as the image (contain/meet), so
 * it lines up at any size.
 */
export function FrameWithBox({ src, alt, box, showBox }: FrameWithBoxProps) {
  const [natural, setNatural] = useState<{ src: string; width: number; height: number } | null>(null);
  const [failedSrc, setFailedSrc] = useState<string | null>(null);
  const size = natural?.src === src ? natural : null;
  const [x1, y1, x2, y2] = box;
  const boxFits =
    size !== null &&
    [x1, y1, x2, y2].every(Number.isFinite) &&
    x2 > x1 &&
    y2 > y1 &&
    x2 <= size.width + 1 &&
    y2 <= size.height + 1;

  if (failedSrc === src) {
    return (
      <span className="thumb frame" style={{ aspectRatio: '16 / 9' }}>
        <span className="thumb__missing">frame unavailable</span>
      </span>
    );
  }
  return (
    <span className="thumb frame" style={{ aspectRatio: '16 / 9' }}>
      <img
        className="thumb__img"
        src={src}
        alt={alt}
        decoding="async"
        onLoad={(e) => setNatural({ src, width: e.currentTarget.naturalWidth, height: e.currentTarget.naturalHeight })}
        onError={() => setFailedSrc(src)}
      />
      {showBox && size && boxFits ? (
        <svg
          className="frame__overlay"
          viewBox={`0 0 ${size.width} ${size.height}`}
          preserveAspectRatio="xMidYMid meet"
          aria-hidden="true"
        >
          <rect
            x={x1}
            y={y1}
            width={x2 - x1}
            height={y2 - y1}
            fill="none"
            stroke="currentColor"
            strokeWidth={Math.max(2, size.width / 400)}
            vectorEffect="non-scaling-stroke"
          />
        </svg>
      ) : null}
    </span>
  );
}
