import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { v1 } from "../api.js";
import { fullTime } from "../format.js";
import { ConfirmDialog } from "../ui/confirm-dialog.js";
import { ErrorNote } from "../ui/page.js";
import { SecretValue } from "../ui/secret-value.js";

interface SigningSecret {
  sequence_id: string;
  signing_secret: string;
  previous_secret_expires_at?: string;
}

/**
 * The secret the sequence's webhook steps sign their calls with: read only when asked for (it
 * stays out of the page, and out of screenshots, until then), and rotated after a confirm.
 */
export function SigningSecretCard({ sequenceId }: { sequenceId: string }) {
  const client = useQueryClient();
  const [shown, setShown] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const queryKey = ["sequence-signing-secret", sequenceId];
  const secret = useQuery({
    queryKey,
    queryFn: () =>
      v1.get<{ data: SigningSecret }>(`/sequences/${sequenceId}/signing_secret`).then((r) => r.data),
    enabled: shown,
    gcTime: 0,
  });
  const rotate = useMutation({
    mutationFn: () =>
      v1.post<{ data: SigningSecret }>(`/sequences/${sequenceId}/rotate_secret`, {}).then((r) => r.data),
    onSuccess: (rotated) => {
      client.setQueryData(queryKey, rotated);
      setShown(true);
      setConfirming(false);
    },
  });
  const expires = secret.data?.previous_secret_expires_at;
  return (
    <section className="card signing-secret" aria-labelledby="signing-secret-title">
      <h2 id="signing-secret-title">Signing secret</h2>
      <p className="hint">
        Webhook steps sign their calls with it (Standard Webhooks: <code>webhook-signature</code>), so the
        receiver can check they come from this sequence.
      </p>
      {shown && secret.data && (
        <SecretValue
          label="Signing secret"
          value={secret.data.signing_secret}
          note={
            expires
              ? `The previous secret signs beside it until ${fullTime(expires)}.`
              : "Keep it with the receiver; rotate it if it leaks."
          }
        />
      )}
      <ErrorNote error={secret.error} />
      <div className="toolbar">
        <button type="button" className="secondary" onClick={() => setShown((s) => !s)}>
          {shown ? "Hide signing secret" : "Show signing secret"}
        </button>
        <button type="button" className="secondary danger" onClick={() => setConfirming(true)}>
          Rotate secret…
        </button>
      </div>
      <ConfirmDialog
        title="Rotate the signing secret?"
        action="Rotate secret"
        isOpen={confirming}
        onClose={() => setConfirming(false)}
        onConfirm={() => rotate.mutate()}
        busy={rotate.isPending}
        error={rotate.error}
      >
        <p>
          Calls are signed with a new secret from now on. For 24 hours they carry a signature with the current
          one too, so the receiver can switch over.
        </p>
      </ConfirmDialog>
    </section>
  );
}
