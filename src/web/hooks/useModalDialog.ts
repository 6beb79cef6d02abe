import { useEffect, useRef, type RefObject } from 'react';

/**
 * Shows the `<dialog>` as a modal (focus trap, Esc, inert background) for as long as the component is
 * mounted; Esc or the browser closing it calls `onClose`.
 */
export function useModalDialog(onClose: () => void): RefObject<HTMLDialogElement | null> {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    let unmounting = false;
    if (!dialog.open) dialog.showModal();
    const onCancel = (e: Event) => {
      e.preventDefault();
      onCloseRef.current();
    };
    // Browsers may close the dialog without a cancelable `cancel` event (repeated Esc); follow it. The
    // event is queued, so one from an earlier close (effect re-run) can arrive after the dialog reopened.
    const onNativeClose = () => {
      if (!unmounting && !dialog.open) onCloseRef.current();
    };
    dialog.addEventListener('cancel', onCancel);
    dialog.addEventListener('close', onNativeClose);
    return () => {
      unmounting = true;
      dialog.removeEventListener('cancel', onCancel);
      dialog.removeEventListener('close', onNativeClose);
      if (dialog.open) dialog.close();
    };
  }, []);

  return dialogRef;
}
