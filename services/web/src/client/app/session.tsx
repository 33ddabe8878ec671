import { useQuery, useQueryClient } from "@tanstack/react-query";
import { createContext, useCallback, useContext } from "react";
import { errorStatus, setCsrfToken, webApi } from "../api.js";
import type { Session } from "../types.js";

/** The signed-in session: `null` when nobody is signed in (the sign-in page shows). */
export function useSessionQuery() {
  return useQuery({
    queryKey: ["session"],
    queryFn: async () => {
      try {
        const { data } = await webApi.get<{ data: Session }>("/session");
        setCsrfToken(data.csrf_token);
        return data;
      } catch (error) {
        if (errorStatus(error) === 401) return null;
        throw error;
      }
    },
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** Forgets the session (logout, expiry, revocation): every screen falls back to the sign-in page. */
export function useEndSession() {
  const client = useQueryClient();
  return useCallback(() => client.setQueryData(["session"], null), [client]);
}

export const SessionContext = createContext<Session | null>(null);

/** The session of the screen being shown; screens render only inside a signed-in shell. */
export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession outside a signed-in screen");
  return session;
}

export const isAdmin = (session: Session) => session.user.role === "admin";
