import { performance } from 'node:perf_hooks';
import { startJobs } from '../../server/jobs/queue.js';
import { registerWorkers } from '../../server/jobs/workers.js';
import { expectStatus } from '../harness/http.js';
import { emptyResult, type CustomScenario } from './types.js';

const FIRST = [
  'Ана',
  'Marko',
  'Ελένη',
  'Ѓорѓи',
  'Špela',
  'Đorđe',
  'Γιώργος',
  'Ivana',
  'Јелена',
  'Nikola',
];
const LAST = [
  'Петровић',
  'Kovačič',
  'Παπαδόπουλος',
  'Трајковски',
  'Hadžić',
  'Novak',
  'Јовановић',
  'Horvat',
];

/** A contacts spreadsheet as people export it: names in their scripts, e-mail, phone, company. */
function csvOf(rows: number, run: string): string {
  const lines = ['First name,Last name,Email,Phone,Company'];
  for (let i = 0; i < rows; i++) {
    const first = FIRST[i % FIRST.length] as string;
    const last = LAST[(i * 7) % LAST.length] as string;
    const phone = `+386 41 ${String(100000 + (i % 900000)).padStart(6, '0')}`;
    lines.push(`${first},${last},imp.${run}.${i}@example.com,${phone},Uvoz ${i % 500} d.o.o.`);
  }
  return lines.join('\r\n') + '\r\n';
}

/**
 * Uploads a CSV of N contacts (100,000 at scale ≥ 0.1), keeps the suggested mapping, starts the
 * import and waits for the background job: rows/s from start to done. The job queue runs only
 * for this scenario (it is the last one that writes).
 */
export const csvImport: CustomScenario = {
  kind: 'custom',
  name: 'csv-import',
  about: 'POST /imports (CSV of contacts) → start → background job done: rows/s',
  async run(env) {
    const result = emptyResult(this.name, this.about);
    if (!env.paths.has('/api/v1/imports')) {
      result.skipped = 'imports are not on this build (no /api/v1/imports)';
      return result;
    }
    const rows = env.importRows;
    const csv = csvOf(rows, Date.now().toString(36));
    const jobs = await startJobs(env.database, { pollingIntervalSeconds: 0.5, schedule: false });
    await registerWorkers(env.database);
    try {
      const t0 = performance.now();
      const up = expectStatus(
        await env.http.upload('/imports?object=contacts', 'kontakti.csv', csv),
        201,
        'upload',
      );
      const uploaded = performance.now();
      const id = (up.body as { id: string }).id;
      expectStatus(await env.http.request('POST', `/imports/${id}/start`), 200, 'start');
      let status = 'running';
      let counts: Record<string, number> = {};
      const deadline = Date.now() + 30 * 60_000;
      while (!['done', 'failed', 'cancelled'].includes(status) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        const row = (await env.http.get(`/imports/${id}`)).body as {
          status: string;
          counts: Record<string, number>;
        };
        status = row.status;
        counts = row.counts;
      }
      const seconds = (performance.now() - uploaded) / 1000;
      const created = counts.created ?? 0;
      result.requests = 1;
      result.rows = created;
      result.throughput = created / seconds;
      result.errors = (counts.failed ?? 0) + (status === 'done' ? 0 : 1);
      result.extra = {
        rows,
        created,
        failed: counts.failed ?? 0,
        uploadSeconds: (uploaded - t0) / 1000,
        importSeconds: seconds,
      };
      result.notes.push(
        `${rows.toLocaleString('en')} rows: upload ${((uploaded - t0) / 1000).toFixed(1)} s, ` +
          `import ${seconds.toFixed(1)} s → ${Math.round(created / seconds).toLocaleString('en')} rows/s (${status})`,
      );
      // Undo it, so the benchmark database is the same at the next run (else every run adds
      // 100,000 contacts and the searches of the next run get slower).
      if (status === 'done') {
        expectStatus(await env.http.request('POST', `/imports/${id}/undo`), 200, 'undo');
        while (status !== 'undone' && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 250));
          status = ((await env.http.get(`/imports/${id}`)).body as { status: string }).status;
        }
        result.notes.push(`undone: ${status === 'undone' ? 'yes' : status}`);
      }
      return result;
    } finally {
      await jobs.stop();
    }
  },
};
