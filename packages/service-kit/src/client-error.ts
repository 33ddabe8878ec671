import { STATUS_CODES } from "node:http";
import type { Socket } from "node:net";
import { errorBody } from "./http.js";

/**
 * Node's HTTP parser refuses some requests before any app code runs (headers over 16 KiB, a
 * malformed request line) and answers them with a bare status line. Answer those with the same
 * error body as everything else, then close: the connection cannot be parsed any further.
 */
export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === "ECONNRESET" || !socket.writable) {
    socket.destroy();
    return;
  }
  const tooLarge = error.code === "HPE_HEADER_OVERFLOW";
  const status = tooLarge ? 431 : 400;
  const body = JSON.stringify(
    tooLarge
      ? errorBody("payload_too_large", 431, "request line and headers too large (at most 16 KiB)")
      : errorBody("validation_failed", 400, "malformed HTTP request"),
  );
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\ncontent-type: application/json\r\n` +
      `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}
