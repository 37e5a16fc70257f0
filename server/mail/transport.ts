/**
 * SMTP through nodemailer: a workspace's own server when it has `mail_settings`, otherwise the
 * server-wide ODNOS_SMTP_URL (smtp[s]://user:pass@host:port) and ODNOS_MAIL_FROM.
 */
import nodemailer, { type Transporter } from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer/index.js';
import type { MailSettingsRow } from './tables.js';

const transports = new Map<string, Transporter>();

export interface MailConfig {
  smtpUrl: string | null;
  from: string;
}

export function mailConfig(env: NodeJS.ProcessEnv = process.env): MailConfig {
  return {
    smtpUrl: env.ODNOS_SMTP_URL?.trim() ? env.ODNOS_SMTP_URL.trim() : null,
    from: env.ODNOS_MAIL_FROM?.trim() || 'Odnos <no-reply@localhost>',
  };
}

export function transportFor(url: string): Transporter {
  let transport = transports.get(url);
  if (!transport) {
    transport = nodemailer.createTransport(url);
    transports.set(url, transport);
  }
  return transport;
}

/** Per workspace, with the settings it was built from: another process may have changed them. */
const workspaceTransports = new Map<string, { key: string; transport: Transporter }>();

function settingsKey(settings: MailSettingsRow): string {
  return JSON.stringify([
    settings.smtpHost,
    settings.smtpPort,
    settings.smtpSecure,
    settings.smtpUser,
    settings.smtpPassword,
  ]);
}

/** The workspace's own SMTP transport, built once and rebuilt when its settings change. */
export function workspaceTransport(settings: MailSettingsRow): Transporter {
  const key = settingsKey(settings);
  const cached = workspaceTransports.get(settings.workspaceId);
  if (cached?.key === key) return cached.transport;
  cached?.transport.close();
  const transport = nodemailer.createTransport({
    host: settings.smtpHost,
    port: settings.smtpPort,
    secure: settings.smtpSecure,
    ...(settings.smtpUser
      ? { auth: { user: settings.smtpUser, pass: settings.smtpPassword ?? '' } }
      : {}),
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
  });
  workspaceTransports.set(settings.workspaceId, { key, transport });
  return transport;
}

/** Drops a workspace's cached transport (its settings were saved). */
export function invalidateWorkspaceTransport(workspaceId: string): void {
  workspaceTransports.get(workspaceId)?.transport.close();
  workspaceTransports.delete(workspaceId);
}

export interface Sender {
  transport: Transporter;
  from: Mail.Address | string;
}

/** How a workspace's mail leaves: its own settings, else the environment's; null when neither. */
export function senderFor(settings: MailSettingsRow | null, config: MailConfig): Sender | null {
  if (settings)
    return {
      transport: workspaceTransport(settings),
      from: { name: settings.fromName, address: settings.fromEmail },
    };
  return config.smtpUrl ? { transport: transportFor(config.smtpUrl), from: config.from } : null;
}
