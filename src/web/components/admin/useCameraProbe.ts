import { useEffect, useRef, useState } from 'react';
import { ApiError, errorMessage, isAbortError, probeCamera, type FieldError } from '../../api';

export type Probe =
  | { key: string; state: 'running' }
  | { key: string; state: 'ok'; image: string; width: number; height: number }
  | { key: string; state: 'error'; errors: FieldError[] };

/**
 * Checking a camera URL (POST /api/cameras/probe): a picture from it, or why there is none (as errors
 * of the `url` field). `probe` is the check of the URL and transport as they are now, if any.
 */
export function useCameraProbe(url: string, rtspTransport: 'tcp' | 'udp', cameraId: string | null) {
  const [probe, setProbe] = useState<Probe | null>(null);
  const probeController = useRef<AbortController | null>(null);
  const probeKey = `${rtspTransport} ${url.trim()}`;
  useEffect(
    () => () => {
      probeController.current?.abort();
    },
    [],
  );
  useEffect(() => {
    const image = probe?.state === 'ok' ? probe.image : null;
    return () => {
      if (image) URL.revokeObjectURL(image);
    };
  }, [probe]);

  const runProbe = async () => {
    if (!url.trim()) {
      setProbe({
        key: probeKey,
        state: 'error',
        errors: [{ field: 'url', message: 'enter the camera URL first' }],
      });
      return;
    }
    probeController.current?.abort();
    const controller = new AbortController();
    probeController.current = controller;
    const key = probeKey;
    setProbe({ key, state: 'running' });
    try {
      const blob = await probeCamera(
        { url: url.trim(), rtspTransport, ...(cameraId === null ? {} : { cameraId }) },
        { signal: controller.signal },
      );
      const image = URL.createObjectURL(blob);
      const size = await imageSize(image);
      setProbe({ key, state: 'ok', image, ...size });
    } catch (err) {
      if (isAbortError(err)) return;
      const fields = err instanceof ApiError ? err.fields : [];
      // Errors that name no field (429 "probe: …", unreachable server) are shown at the URL too.
      const errors = fields.length
        ? fields.map((f) =>
            f.field === 'url' ? f : { field: 'url', message: `${f.field ? `${f.field}: ` : ''}${f.message}` },
          )
        : [{ field: 'url', message: errorMessage(err) }];
      setProbe({ key, state: 'error', errors });
    }
  };

  return { probe: probe && probe.key === probeKey ? probe : null, runProbe };
}

function imageSize(src: string): Promise<{ width: number; height: number }> {
  return new Promise((resolve) => {
    const img = new Image();
    img.onload = () => resolve({ width: img.naturalWidth, height: img.naturalHeight });
    img.onerror = () => resolve({ width: 0, height: 0 });
    img.src = src;
  });
}
