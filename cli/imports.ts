/**
 * `odnos import <file>` and `odnos export`: the same engine as the web app, run in this process
 * against the configured database (DATABASE_URL or the embedded one — stop the server first
 * when it uses the embedded database, which one process opens at a time).
 */
import { createReadStream, createWriteStream, readFileSync } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import {
  EXPORT_OBJECTS,
  IMPORT_OBJECTS,
  type ExportObject,
  type ImportObject,
} from '../common/imports.js';
import type { Database } from '../server/db/connection.js';
import { migrate } from '../server/db/migrate.js';
import { runImport } from '../server/imports/engine.js';
import { EXPORT_FORMATS, exportList, type ExportFormat } from '../server/imports/export.js';
import { findImport, updateImport } from '../server/imports/repository.js';
import { importOptions } from '../server/imports/schema.js';
import { createImport, defaultOptions, updateMapping } from '../server/imports/service.js';
import { systemContext, type Ctx } from '../server/platform/context.js';
import { AppError } from '../server/platform/errors.js';
import { listUsers } from '../server/users/repository.js';
import { findWorkspace, listWorkspaces } from '../server/workspaces/repository.js';
import { workspaceInfo } from '../server/workspaces/service.js';

type WithDatabase = <T>(work: (database: Database) => Promise<T>) => Promise<T>;

/** The workspace (given, or the only/first one) as one of its users (given, or an admin). */
async function actingAs(
  database: Database,
  workspaceId?: string,
  userEmail?: string,
): Promise<Ctx> {
  const row = workspaceId
    ? await findWorkspace(database.db, workspaceId)
    : ((await listWorkspaces(database.db))[0] ?? null);
  if (!row)
    throw new Error(
      workspaceId ? `workspace ${workspaceId} not found` : 'no workspace yet: run the setup first',
    );
  const base = systemContext(database, workspaceInfo(row));
  const users = await listUsers(base);
  const user = userEmail
    ? users.find((u) => u.email.toLowerCase() === userEmail.toLowerCase())
    : users.find((u) => u.role === 'admin' && u.active);
  if (!user)
    throw new Error(
      userEmail ? `no user ${userEmail} in the workspace` : 'the workspace has no administrator',
    );
  return {
    ...base,
    actor: { type: 'user', userId: user.id, role: user.role as Ctx['actor']['role'] },
  };
}

/** A mapping file: an array (target per column) or an object {"header": "target"}. */
function readMapping(file: string, headers: string[]): (string | null)[] {
  const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (Array.isArray(parsed)) return headers.map((_h, i) => (parsed[i] as string | null) ?? null);
  const byHeader = parsed as Record<string, string | null>;
  return headers.map((h) => byHeader[h] ?? null);
}

function explain(error: unknown): string {
  if (error instanceof AppError)
    return `${error.code}: ${error.details.map((d) => `${d.path} ${d.message}`).join('; ')}`;
  return error instanceof Error ? error.message : String(error);
}

interface ImportCliOptions {
  object: string;
  mapping?: string;
  workspace?: string;
  user?: string;
  duplicates: string;
  key?: string;
  dateFormat: string;
  decimalPoint?: boolean;
  unknownOwner: string;
  tags?: string;
  encoding?: string;
  delimiter?: string;
  sheet?: string;
}

export function registerImportCommands(program: Command, withDatabase: WithDatabase): void {
  program
    .command('import <file>')
    .description(
      'import a CSV, XLSX or vCard file into contacts, companies, leads, deals or products',
    )
    .option('--object <object>', IMPORT_OBJECTS.join(' | '), 'contacts')
    .option(
      '--mapping <file>',
      'JSON: ["firstName", …] per column or {"Header": "field"} (default: suggested)',
    )
    .option('--duplicates <mode>', 'skip | update | create', 'skip')
    .option('--key <key>', 'email | phone | vatId | sku | externalId | none (default: per object)')
    .option('--date-format <format>', 'auto | DMY | YMD | MDY', 'auto')
    .option('--decimal-point', 'numbers use a decimal point (default: decimal comma)')
    .option('--tags <tags>', 'comma-separated tags for every imported record')
    .option(
      '--unknown-owner <mode>',
      'an owner e-mail that is not a user here: refuse (the row) | default (owner)',
      'refuse',
    )
    .option(
      '--encoding <encoding>',
      'utf-8 | utf-16le | windows-1250 | windows-1251 | iso-8859-7 (default: detected)',
    )
    .option('--delimiter <char>', 'CSV delimiter (default: detected)')
    .option('--sheet <name>', 'XLSX sheet (default: the first)')
    .option('--workspace <id>', 'workspace (default: the first)')
    .option('--user <email>', 'import as this user (default: an administrator)')
    .action(async (file: string, options: ImportCliOptions) => {
      await withDatabase(async (database) => {
        await migrate(database);
        const ctx = await actingAs(database, options.workspace, options.user);
        const object = options.object as ImportObject;
        if (!IMPORT_OBJECTS.includes(object))
          throw new Error(`--object must be one of ${IMPORT_OBJECTS.join(', ')}`);
        try {
          const job = await createImport(
            ctx,
            {
              object,
              ...(options.encoding ? { encoding: options.encoding as never } : {}),
              ...(options.delimiter
                ? { delimiter: options.delimiter.replace('\\t', '\t') as never }
                : {}),
              ...(options.sheet ? { sheet: options.sheet } : {}),
            },
            path.basename(file),
            createReadStream(file),
          );
          const opts = importOptions.parse({
            duplicateMode: options.duplicates,
            duplicateKey: options.key ?? defaultOptions(object).duplicateKey,
            dateFormat: options.dateFormat,
            decimalComma: !options.decimalPoint,
            unknownOwner: options.unknownOwner,
            defaults: {
              tags: options.tags
                ? options.tags
                    .split(',')
                    .map((t) => t.trim())
                    .filter(Boolean)
                : [],
            },
          });
          const mapped = await updateMapping(ctx, job.id, {
            ...(options.mapping ? { mapping: readMapping(options.mapping, job.headers) } : {}),
            options: opts,
          });
          console.error(
            `columns: ${mapped.headers.map((h, i) => `${h} → ${mapped.mapping?.[i] ?? '-'}`).join(', ')}`,
          );
          await updateImport(ctx, job.id, { status: 'queued' });
          let last = 0;
          await runImport(ctx, job.id, {
            afterBatch: (done) => {
              if (Date.now() - last > 1000) {
                last = Date.now();
                console.error(`${done} rows…`);
              }
            },
          });
          const result = await findImport(ctx, job.id);
          console.log(
            `import ${job.id}: ${result?.status}; created ${result?.created}, updated ${result?.updated}, skipped ${result?.skipped}, failed ${result?.failed}` +
              (result?.failed ? ` (errors: GET /api/v1/imports/${job.id}/errors)` : ''),
          );
        } catch (error) {
          console.error(explain(error));
          process.exitCode = 1;
        }
      });
    });

  program
    .command('export')
    .description(
      'export contacts, companies, leads, deals or products (CSV, XLSX or vCard) with list filters',
    )
    .option('--object <object>', EXPORT_OBJECTS.join(' | '), 'contacts')
    .option('--format <format>', EXPORT_FORMATS.join(' | '), 'csv')
    .option('--out <file>', 'write to this file (default: standard output)')
    .option('--query <query>', 'list query, e.g. "filter[tags]=vip&sort=lastName"', '')
    .option('--workspace <id>', 'workspace (default: the first)')
    .option('--user <email>', 'export as this user (default: an administrator)')
    .action(
      async (options: {
        object: string;
        format: string;
        out?: string;
        query: string;
        workspace?: string;
        user?: string;
      }) => {
        await withDatabase(async (database) => {
          if (!(EXPORT_OBJECTS as readonly string[]).includes(options.object)) {
            console.error(`--object must be one of ${EXPORT_OBJECTS.join(', ')}`);
            process.exitCode = 1;
            return;
          }
          const ctx = await actingAs(database, options.workspace, options.user);
          try {
            const out = await exportList(ctx, {
              object: options.object as ExportObject,
              format: options.format as ExportFormat,
              query: Object.fromEntries(new URLSearchParams(options.query)),
            });
            await pipeline(
              out.stream,
              options.out ? createWriteStream(options.out) : process.stdout,
            );
          } catch (error) {
            console.error(explain(error));
            process.exitCode = 1;
          }
        });
      },
    );
}
