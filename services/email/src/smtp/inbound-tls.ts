import { readFileSync } from "node:fs";
import { createSecureContext } from "node:tls";
import { ConfigError } from "@relay/service-kit";
import type { EmailConfig } from "../config.js";

export interface InboundTls {
  cert: Buffer;
  key: Buffer;
}

/**
 * The inbound listener's certificate and key, when both settings name files; read and checked
 * (a key that is not the certificate's) at start, so a bad pair stops the service naming them.
 */
export function inboundTls(config: Pick<EmailConfig, "SMTP_TLS_CERT_FILE" | "SMTP_TLS_KEY_FILE">) {
  const { SMTP_TLS_CERT_FILE: certFile, SMTP_TLS_KEY_FILE: keyFile } = config;
  if (!certFile && !keyFile) return undefined;
  if (!certFile)
    throw new ConfigError("invalid configuration: SMTP_TLS_CERT_FILE is required with SMTP_TLS_KEY_FILE");
  if (!keyFile)
    throw new ConfigError("invalid configuration: SMTP_TLS_KEY_FILE is required with SMTP_TLS_CERT_FILE");
  const tls: InboundTls = {
    cert: read("SMTP_TLS_CERT_FILE", certFile),
    key: read("SMTP_TLS_KEY_FILE", keyFile),
  };
  try {
    createSecureContext(tls);
  } catch (error) {
    throw new ConfigError(
      `invalid configuration: SMTP_TLS_CERT_FILE and SMTP_TLS_KEY_FILE are not a certificate and its key (${(error as Error).message})`,
    );
  }
  return tls;
}

function read(setting: string, file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    throw new ConfigError(`invalid configuration: ${setting} cannot be read (${(error as Error).message})`);
  }
}
