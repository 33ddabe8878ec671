import { errorStatus } from "../api.js";
import { ErrorNote } from "../ui/page.js";

/**
 * A failed save in words: a 409 explained (another write got there first, or another contact
 * holds the identifier), a 422's fields are shown at the fields, anything else as it came.
 */
export function RequestProblem({ error }: { error: unknown }) {
  if (!error) return null;
  const status = errorStatus(error);
  if (status === 409)
    return (
      <ErrorNote
        error={`This clashes with another contact or a change made meanwhile: ${
          (error as { message?: string }).message ?? "conflict"
        }. Reload the contact and try again.`}
      />
    );
  if (status === 422) return <ErrorNote error="Some fields need a look: see the notes beside them." />;
  return <ErrorNote error={error} />;
}
