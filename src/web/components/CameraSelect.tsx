import type { Camera } from '../types';
import { SelectField } from './SelectField';

interface CameraSelectProps {
  testId: string;
  cameras: readonly Camera[];
  /** The chosen camera's id; undefined = all cameras. */
  value: string | undefined;
  onChange: (cameraId: string | undefined) => void;
  /** Show each camera's location after its name. */
  withLocation?: boolean;
}

/** "All cameras" or one of them; a chosen id no camera has (any more) stays choosable. */
export function CameraSelect({ testId, cameras, value, onChange, withLocation = false }: CameraSelectProps) {
  const unknown = value && !cameras.some((c) => c.id === value) ? value : null;
  const options = [
    { value: '', label: 'All cameras' },
    ...cameras.map((camera) => ({
      value: camera.id,
      label: withLocation && camera.location ? `${camera.name} — ${camera.location}` : camera.name,
    })),
    ...(unknown ? [{ value: unknown, label: unknown }] : []),
  ];
  return (
    <SelectField
      label="Camera"
      testId={testId}
      value={value ?? ''}
      options={options}
      onChange={(id) => onChange(id || undefined)}
    />
  );
}
