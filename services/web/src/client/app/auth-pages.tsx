import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Link, useNavigate } from "react-router";
import { errorMessage, errorStatus, setCsrfToken, webApi } from "../api.js";
import type { Session } from "../types.js";
import { Brand } from "./brand.js";

export function LoginPage() {
  const client = useQueryClient();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const { data } = await webApi.post<{ data: Session }>("/session", { email, password });
      setCsrfToken(data.csrf_token);
      client.setQueryData(["session"], data);
    } catch (caught) {
      setError(
        errorStatus(caught) === 429
          ? "Too many attempts. Wait a few minutes and try again."
          : errorMessage(caught),
      );
    } finally {
      setBusy(false);
    }
  };
  return (
    <main className="auth">
      <form className="auth-card" onSubmit={submit} aria-labelledby="login-title">
        <Brand />
        <h1 id="login-title">Sign in to your inbox</h1>
        <label>
          Email
          <input
            type="email"
            autoComplete="username"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            required
          />
        </label>
        <label>
          Password
          <input
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
        </label>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
        <p className="hint">
          <Link to="/forgot" className="link">
            Forgot your password?
          </Link>
        </p>
      </form>
    </main>
  );
}

/**
 * `/app/forgot`: asks for the email; the server answers the same whether or not it has an
 * account, and mails the link through the organization's email channel when it does.
 */
export function ForgotPasswordPage() {
  const [email, setEmail] = useState("");
  const [answer, setAnswer] = useState<string>();
  const [error, setError] = useState<string>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    try {
      const { data } = await webApi.post<{ data: { message: string } }>("/password_resets", { email });
      setAnswer(data.message);
    } catch (caught) {
      setError(
        errorStatus(caught) === 429
          ? "Too many requests for this email. Wait a few minutes and try again."
          : errorMessage(caught),
      );
    }
  };
  return (
    <main className="auth">
      <form className="auth-card" onSubmit={submit} aria-labelledby="forgot-title">
        <Brand />
        <h1 id="forgot-title">Reset your password</h1>
        {answer ? (
          <p role="status">{answer}</p>
        ) : (
          <>
            <p className="hint">We email you a link to choose a new password.</p>
            <label>
              Email
              <input
                type="email"
                autoComplete="username"
                value={email}
                onChange={(e) => setEmail(e.target.value)}
                required
              />
            </label>
            {error && (
              <p className="form-error" role="alert">
                {error}
              </p>
            )}
            <button type="submit" className="primary">
              Email me a link
            </button>
          </>
        )}
        <p className="hint">
          <Link to="/" className="link">
            Back to sign in
          </Link>
        </p>
      </form>
    </main>
  );
}

/** `/app/invite#token=…` and `/app/reset#token=…`: choose a password, then you are logged in. */
export function SetPasswordPage({ kind }: { kind: "invite" | "reset" }) {
  const client = useQueryClient();
  const navigate = useNavigate();
  const token = new URLSearchParams(window.location.hash.slice(1)).get("token") ?? "";
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    try {
      const path = kind === "invite" ? "/invitations/accept" : "/password_resets/complete";
      const { data } = await webApi.post<{ data: Session }>(path, { token, password });
      setCsrfToken(data.csrf_token);
      navigate("/", { replace: true });
      client.setQueryData(["session"], data);
    } catch (caught) {
      setError(
        errorStatus(caught) === 404 ? "This link was already used or has expired." : errorMessage(caught),
      );
    }
  };
  return (
    <main className="auth">
      <form className="auth-card" onSubmit={submit} aria-labelledby="set-title">
        <Brand />
        <h1 id="set-title">
          {kind === "invite" ? "Welcome! Choose your password" : "Choose a new password"}
        </h1>
        <label>
          New password (10 characters or more)
          <input
            type="password"
            autoComplete="new-password"
            minLength={10}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
        </label>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary">
          Save and sign in
        </button>
      </form>
    </main>
  );
}
