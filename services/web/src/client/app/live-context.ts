import { createContext, useContext } from "react";
import type { LiveState } from "../live.js";

/** The session's one live stream, opened by the shell and shown by the screens that want it. */
export const LiveContext = createContext<LiveState>("connecting");
export const useLiveState = () => useContext(LiveContext);
