import type { ReactNode } from "react";

/** A screen's title with its actions on the right; the one `h1` of the page. */
export function PageHeader({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <header className="page-header">
      <h1>{title}</h1>
      {children && <div className="toolbar">{children}</div>}
    </header>
  );
}

/** What a failed request says, announced to screen readers. */
export function ErrorNote({ error }: { error: unknown }) {
  if (!error) return null;
  const message =
    error && typeof error === "object" && "message" in error ? String(error.message) : String(error);
  return (
    <p className="form-error" role="alert">
      {message}
    </p>
  );
}
