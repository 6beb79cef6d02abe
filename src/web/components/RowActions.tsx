// The buttons and error line a row of an admin list shares (cameras, alert channels, rules).

interface EditDeleteProps {
  /** Test ids are `<testPrefix>-edit-<id>` and `<testPrefix>-delete-<id>`. */
  testPrefix: string;
  id: string;
  onEdit: () => void;
  /** Asks for confirmation first (the row shows ConfirmActions). */
  onDelete: () => void;
}

/** "Edit" and "Delete…" of one row. */
export function EditDeleteButtons({ testPrefix, id, onEdit, onDelete }: EditDeleteProps) {
  return (
    <>
      <button type="button" className="button button--small" data-testid={`${testPrefix}-edit-${id}`} onClick={onEdit}>
        Edit
      </button>
      <button
        type="button"
        className="button button--small button--ghost"
        data-testid={`${testPrefix}-delete-${id}`}
        onClick={onDelete}
      >
        Delete…
      </button>
    </>
  );
}

/** A row's last failed action, read out by screen readers. */
export function RowError({ error }: { error: string | null }) {
  return error ? (
    <div className="field-error admin-row__error" role="alert">
      {error}
    </div>
  ) : null;
}
