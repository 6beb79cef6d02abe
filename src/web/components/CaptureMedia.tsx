import { useState } from 'react';
import type { Capture } from '../types';
import { CaptureClip } from './CaptureClip';
import { CaptureThumb } from './CaptureThumb';
import { Checkbox } from './Checkbox';
import { FrameWithBox } from './FrameWithBox';

/** The person's crop, the full frame with the person outlined (the outline can be switched off), and the clip. */
export function CaptureMedia({ capture }: { capture: Capture }) {
  const [showBox, setShowBox] = useState(true);
  return (
    <div className="detail__media">
      <figure className="detail__figure detail__figure--crop">
        <CaptureThumb src={capture.cropUrl} alt="Cropped person" ratio="3 / 4" loading="eager" />
        <figcaption>Person (crop)</figcaption>
      </figure>
      <figure className="detail__figure detail__figure--frame">
        <FrameWithBox
          src={capture.frameUrl}
          alt={`Full frame from ${capture.cameraName}`}
          box={capture.box}
          showBox={showBox}
        />
        <figcaption>
          Full frame
          <Checkbox checked={showBox} onChange={setShowBox}>
            {' outline person'}
          </Checkbox>
        </figcaption>
      </figure>
      <CaptureClip capture={capture} />
    </div>
  );
}
