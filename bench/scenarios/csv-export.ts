import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../server/db/connection.js';
import { emptyResult, type CustomScenario } from './types.js';

const MIB = 1024 * 1024;

/**
 * `GET /contacts/export?format=csv` of every contact of the workspace (what a user gets from
 * the list's export button without filters), read as it streams: rows/s from the request to
 * the last byte, and the process's memory (the server runs in this process) before, at its
 * peak and after.
 */
export const csvExport: CustomScenario = {
  kind: 'custom',
  name: 'csv-export',
  about: 'GET /contacts/export?format=csv of every contact, streamed: rows/s and RSS',
  async run(env) {
    const result = emptyResult(this.name, this.about);
    if (!env.paths.has('/api/v1/contacts/export')) {
      result.skipped = 'exports are not on this build (no /api/v1/contacts/export)';
      return result;
    }
    const [live] = await queryRows<{ n: number }>(
      env.database.db,
      sql`select count(*)::int as n from contacts
          where workspace_id = ${env.workspaceId} and deleted_at is null`,
    );
    global.gc?.();
    const rssStart = process.memoryUsage().rss;
    let rssPeak = rssStart;
    const memory = setInterval(() => {
      rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
    }, 200);
    const t0 = performance.now();
    try {
      const out = await env.http.download('/contacts/export?format=csv');
      const seconds = (performance.now() - t0) / 1000;
      // A header line, then one line per contact (a quoted cell may hold a line end too).
      const rows = Math.max(0, out.lines - 1);
      result.requests = 1;
      result.rows = rows;
      result.throughput = rows / seconds;
      result.errors = out.status === 200 && rows >= (live?.n ?? 0) ? 0 : 1;
      const rssEnd = process.memoryUsage().rss;
      result.extra = {
        rows,
        contacts: live?.n ?? 0,
        seconds,
        mebibytes: Math.round(out.bytes / MIB),
        rssStartMiB: Math.round(rssStart / MIB),
        rssPeakMiB: Math.round(rssPeak / MIB),
        rssEndMiB: Math.round(rssEnd / MIB),
      };
      result.notes.push(
        `${rows.toLocaleString('en')} rows, ${(out.bytes / MIB).toFixed(0)} MiB in ${seconds.toFixed(1)} s → ${Math.round(rows / seconds).toLocaleString('en')} rows/s (HTTP ${out.status})`,
        `RSS start ${(rssStart / MIB).toFixed(0)} MiB, peak ${(rssPeak / MIB).toFixed(0)} MiB, end ${(rssEnd / MIB).toFixed(0)} MiB`,
      );
      return result;
    } finally {
      clearInterval(memory);
    }
  },
};
