import type { ReactNode } from "react";
import { ModalDialog } from "./dialog.js";
import { ErrorNote } from "./page.js";

/** "Are you sure?" in the one dialog: what happens, a destructive button, Cancel. */
export function ConfirmDialog({
  title,
  action,
  isOpen,
  onClose,
  onConfirm,
  busy,
  error,
  children,
}: {
  title: string;
  action: string;
  isOpen: boolean;
  onClose: () => void;
  onConfirm: () => void;
  busy?: boolean;
  error?: unknown;
  children: ReactNode;
}) {
  return (
    <ModalDialog title={title} isOpen={isOpen} onClose={onClose}>
      {children}
      <ErrorNote error={error} />
      <div className="toolbar dialog-actions">
        <button type="button" className="danger" onClick={onConfirm} disabled={busy}>
          {action}
        </button>
        <button type="button" className="secondary" onClick={onClose}>
          Cancel
        </button>
      </div>
    </ModalDialog>
  );
}
