import { useEffect, useState } from 'react';
import { useAuth } from '../auth/context';
import { AdminForbidden } from '../components/admin/AdminForbidden';
import { CameraForm } from '../components/admin/CameraForm';
import { CameraPending } from '../components/CameraPending';
import { useCamera } from '../hooks/useCamera';
import { href, navigate } from '../router';
import type { Camera } from '../types';
import { setAdminFlash } from './AdminPage';

/** Add (cameraId null) or edit a camera: check the URL with a picture first, schedule, zones. */
export function CameraEditPage({ cameraId }: { cameraId: string | null }) {
  const { isAdmin } = useAuth();
  // The camera as it was when the form opened (live status updates do not reset the form).
  const [original, setOriginal] = useState<Camera | null>(null);
  const { camera, error, retry } = useCamera(cameraId, original === null);
  useEffect(() => {
    if (!original && camera) setOriginal(camera);
  }, [original, camera]);

  if (!isAdmin) return <AdminForbidden message="Only an admin can add or change cameras." />;
  if (cameraId !== null && !original) {
    return (
      <CameraPending
        cameraId={cameraId}
        error={error}
        back={{ to: href.admin(), label: 'Cameras', text: 'Back to the cameras' }}
        onRetry={retry}
      />
    );
  }
  return (
    <CameraForm
      original={original}
      onSaved={(camera) => {
        setAdminFlash(`${cameraId === null ? 'Added' : 'Saved'} camera “${camera.name}”.`);
        navigate(href.admin());
      }}
    />
  );
}
