import { useState } from "react";
import "./secret-value.css";

/** A secret shown in full (a key, a signing secret, an invitation link), with a copy button and a note. */
export function SecretValue({ label, value, note }: { label: string; value: string; note: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    await navigator.clipboard?.writeText(value).catch(() => undefined);
    setCopied(true);
  };
  return (
    <div className="secret-value" role="status">
      <label className="field">
        {label}
        <input readOnly value={value} onFocus={(e) => e.currentTarget.select()} />
      </label>
      <div className="secret-value-bar">
        <span className="hint">{note}</span>
        <button type="button" className="secondary" onClick={copy}>
          {copied ? "Copied" : "Copy"}
        </button>
      </div>
    </div>
  );
}
