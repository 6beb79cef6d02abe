import { useState } from 'react';

interface CaptureThumbProps {
  src: string;
  alt: string;
  /** CSS aspect ratio of the reserved box, e.g. "3 / 4". The image is letterboxed inside it. */
  ratio: string;
  className?: string;
  loading?: 'lazy' | 'eager';
}

/**
 * An image in a box whose size is fixed before the image arrives (no layout shift), with a visible
 * placeholder instead of a broken-image icon if it fails.
 */
export function CaptureThumb({ src, alt, ratio, className = '', loading = 'lazy' }: CaptureThumbProps) {
  const [failedSrc, setFailedSrc] = useState<string | null>(null);
  const failed = failedSrc === src;
  return (
    <span className={`thumb ${className}`} style={{ aspectRatio: ratio }}>
      {failed ? (
        <span className="thumb__missing">image unavailable</span>
      ) : (
        <img
          className="thumb__img"
          src={src}
          alt={alt}
          loading={loading}
          decoding="async"
          onError={() => setFailedSrc(src)}
        />
      )}
    </span>
  );
}
