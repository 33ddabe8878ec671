import http from "node:http";
import https from "node:https";
import { isIP } from "node:net";
import { AppError, isPublicAddress, UnavailableError } from "@relay/domain";
import { guardedLookup } from "@relay/service-kit";

export interface AttachmentLimits {
  maxBytes: number;
  timeoutMs: number;
  allowPrivate: boolean;
}

export interface FetchedAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
}

/** An attachment that will never be fetched (bad URL, refused address, too large, 4xx): fails the message. */
export class AttachmentRefused extends AppError {
  constructor(url: string, reason: string) {
    super("validation_failed", `attachment ${url} refused: ${reason}`);
  }
}

function filenameOf(url: URL): string {
  const last = decodeURIComponent(url.pathname.split("/").pop() ?? "");
  return last || "attachment";
}

/** GETs an attachment URL within the size, time and address limits (no redirects followed). */
export function fetchAttachment(rawUrl: string, limits: AttachmentLimits): Promise<FetchedAttachment> {
  const url = new URL(rawUrl);
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return Promise.reject(new AttachmentRefused(rawUrl, "only http and https URLs are fetched"));
  }
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (!limits.allowPrivate && isIP(host) !== 0 && !isPublicAddress(host)) {
    return Promise.reject(new AttachmentRefused(rawUrl, `private address ${url.hostname}`));
  }
  const client = url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.get(
      url,
      {
        lookup: guardedLookup({
          allows: (address) => limits.allowPrivate || isPublicAddress(address),
          refusal: (address) => new AttachmentRefused(rawUrl, `resolves to a private address (${address})`),
        }),
        timeout: limits.timeoutMs,
      },
      (response) => {
        const status = response.statusCode ?? 0;
        if (status < 200 || status >= 300) {
          response.resume();
          const reason = `answered HTTP ${status}`;
          return reject(
            status >= 500
              ? new UnavailableError(`attachment ${rawUrl} ${reason}`)
              : new AttachmentRefused(rawUrl, reason),
          );
        }
        const declared = Number(response.headers["content-length"] ?? 0);
        if (declared > limits.maxBytes) {
          response.destroy();
          return reject(new AttachmentRefused(rawUrl, `larger than ${limits.maxBytes} bytes`));
        }
        const chunks: Buffer[] = [];
        let size = 0;
        response.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > limits.maxBytes) {
            response.destroy();
            reject(new AttachmentRefused(rawUrl, `larger than ${limits.maxBytes} bytes`));
          } else chunks.push(chunk);
        });
        response.on("error", (error) => reject(new UnavailableError(`attachment ${rawUrl} failed`, error)));
        response.on("end", () =>
          resolve({
            filename: filenameOf(url),
            contentType: response.headers["content-type"] ?? "application/octet-stream",
            content: Buffer.concat(chunks),
          }),
        );
      },
    );
    request.setTimeout(limits.timeoutMs, () =>
      request.destroy(new Error(`timed out after ${limits.timeoutMs} ms`)),
    );
    request.on("error", (error) =>
      reject(
        error instanceof AttachmentRefused
          ? error
          : new UnavailableError(`attachment ${rawUrl}: ${error.message}`, error),
      ),
    );
  });
}
