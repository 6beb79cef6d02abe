import type { ReactNode } from 'react';

interface ConfirmActionsProps {
  question: ReactNode;
  questionClassName?: string;
  confirmLabel: string;
  confirmTestId: string;
  disabled?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}

/** "Really?" for a destructive action: the question, the (red) action and Cancel. */
export function ConfirmActions({
  question,
  questionClassName,
  confirmLabel,
  confirmTestId,
  disabled,
  onConfirm,
  onCancel,
}: ConfirmActionsProps) {
  return (
    <>
      <span className={questionClassName}>{question}</span>
      <button
        type="button"
        className="button button--small button--danger"
        data-testid={confirmTestId}
        disabled={disabled}
        onClick={onConfirm}
      >
        {confirmLabel}
      </button>
      <button type="button" className="button button--small" onClick={onCancel}>
        Cancel
      </button>
    </>
  );
}
