import { X509Certificate } from "node:crypto";
import { connect, createServer } from "node:tls";
import { describe, expect, it } from "vitest";
import { selfSignedCertificate } from "../src/tls.js";

describe("selfSignedCertificate", () => {
  it("makes a certificate a TLS client trusting it verifies for its host, and only for it", async () => {
    const { cert, key } = selfSignedCertificate("localhost");
    expect(new X509Certificate(cert).subjectAltName).toBe("DNS:localhost");
    const server = createServer({ cert, key }, (socket) => socket.end("hello"));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as { port: number }).port;
    const handshake = (servername: string) =>
      new Promise<boolean>((resolve, reject) => {
        const socket = connect({ port, host: "127.0.0.1", servername, ca: [cert] }, () => {
          resolve(socket.authorized);
          socket.end();
        });
        socket.on("error", reject);
      });
    try {
      expect(await handshake("localhost")).toBe(true);
      await expect(handshake("example.com")).rejects.toThrow(/altnames/i);
    } finally {
      server.close();
    }
  });
});
