import nodemailer, { type Transporter } from "nodemailer";

export interface SmtpSettings {
  host: string;
  port: number;
  secure: boolean;
  user?: string;
  password?: string;
}

/**
 * One pooled nodemailer transport per channel, built on first use and kept; rebuilt when the
 * channel's SMTP settings change (the old pool is closed).
 */
export class Transports {
  private readonly pools = new Map<string, { key: string; transporter: Transporter }>();

  constructor(private readonly options: { timeoutMs: number }) {}

  for(channelId: string, settings: SmtpSettings): Transporter {
    const key = JSON.stringify([
      settings.host,
      settings.port,
      settings.secure,
      settings.user,
      settings.password,
    ]);
    const cached = this.pools.get(channelId);
    if (cached?.key === key) return cached.transporter;
    cached?.transporter.close();
    const transporter = nodemailer.createTransport({
      pool: true,
      host: settings.host,
      port: settings.port,
      secure: settings.secure,
      ...(settings.user ? { auth: { user: settings.user, pass: settings.password } } : {}),
      connectionTimeout: this.options.timeoutMs,
      greetingTimeout: this.options.timeoutMs,
      socketTimeout: this.options.timeoutMs,
    });
    this.pools.set(channelId, { key, transporter });
    return transporter;
  }

  closeAll(): void {
    for (const { transporter } of this.pools.values()) transporter.close();
    this.pools.clear();
  }
}
