import { useState } from 'react';
import { errorMessage } from '../api';

/**
 * Deleting one row of an admin list after the user confirmed: `confirm` shows the question,
 * `busy` disables the buttons, a failure closes the question and shows its reason in `error`.
 */
export function useRowRemoval(remove: () => Promise<unknown>, onRemoved: () => void) {
  const [confirm, setConfirm] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const confirmed = async () => {
    setBusy(true);
    setError(null);
    try {
      await remove();
      onRemoved();
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
      setConfirm(false);
    }
  };
  return { confirm, setConfirm, busy, error, confirmed };
}
