import path from 'node:path';
import { projectRoot } from './paths.js';

export interface Config {
  port: number;
  host: string;
  /** Folder of the embedded PGlite database; used when `databaseUrl` is not set. */
  dataDir: string;
  /** `postgres://…` to run on PostgreSQL instead of embedded PGlite. */
  databaseUrl: string | null;
  logLevel: string;
  /** Secure cookies (set behind HTTPS). */
  secureCookies: boolean;
  /** Public URL used in emails and printed at start. */
  publicUrl: string | null;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be a port number, got "${env.PORT ?? ''}"`);
  }
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    dataDir: path.resolve(env.ODNOS_DATA_DIR ?? path.join(projectRoot, 'data')),
    databaseUrl: env.DATABASE_URL?.trim() ? env.DATABASE_URL.trim() : null,
    logLevel: env.LOG_LEVEL ?? 'info',
    secureCookies: env.ODNOS_SECURE_COOKIES === 'true',
    publicUrl: env.ODNOS_PUBLIC_URL ?? null,
  };
}
