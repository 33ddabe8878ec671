import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { fieldError, webApi } from "../api.js";
import { fullTime } from "../format.js";
import { ModalDialog } from "../ui/dialog.js";
import { ErrorNote } from "../ui/page.js";
import { SecretValue } from "../ui/secret-value.js";
import { Field } from "./field.js";
import { type Role, RoleSelect } from "./role-select.js";

interface Invitation {
  user: { id: number; name: string };
  invitation_url: string;
  expires_at: string;
}

/** Web's invitation (`POST /app/api/invitations`): core creates the user, web answers a one-time link to pass on. */
export function InviteDialog({ isOpen, onClose }: { isOpen: boolean; onClose: () => void }) {
  const client = useQueryClient();
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("agent");
  const invite = useMutation({
    mutationFn: async () =>
      (await webApi.post<{ data: Invitation }>("/invitations", { name, email, role })).data,
    onSuccess: () => client.invalidateQueries({ queryKey: ["settings", "users"] }),
  });
  const close = () => {
    invite.reset();
    setName("");
    setEmail("");
    setRole("agent");
    onClose();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    invite.mutate();
  };
  const error = (field: string) => fieldError(invite.error, field);
  return (
    <ModalDialog title="Invite a user" isOpen={isOpen} onClose={close}>
      {invite.data ? (
        <div>
          <SecretLink invitation={invite.data} />
          <div className="toolbar dialog-actions">
            <button type="button" className="primary" onClick={close}>
              Done
            </button>
          </div>
        </div>
      ) : (
        <form onSubmit={submit} className="dialog-form" noValidate>
          <Field label="Name" error={error("name")}>
            {(props) => <input {...props} value={name} onChange={(e) => setName(e.target.value)} />}
          </Field>
          <Field label="Email" error={error("email")}>
            {(props) => (
              <input {...props} type="email" value={email} onChange={(e) => setEmail(e.target.value)} />
            )}
          </Field>
          <RoleSelect label="Role" value={role} onChange={setRole} />
          <ErrorNote error={invite.error && !error("name") && !error("email") ? invite.error : undefined} />
          <div className="toolbar dialog-actions">
            <button type="submit" className="primary" disabled={invite.isPending}>
              Create invitation
            </button>
            <button type="button" className="secondary" onClick={close}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </ModalDialog>
  );
}

function SecretLink({ invitation }: { invitation: Invitation }) {
  return (
    <SecretValue
      label={`Invitation link for ${invitation.user.name}`}
      value={invitation.invitation_url}
      note={`Send it to them: it works once, until ${fullTime(invitation.expires_at)}.`}
    />
  );
}
