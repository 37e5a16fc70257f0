import { performance } from 'node:perf_hooks';
import { percentile } from '../harness/raw.js';
import { contactListFirstPage } from './contact-list.js';
import { phoneLookup } from './phone-lookup.js';
import { recordPage } from './record-page.js';
import { globalSearch } from './search.js';
import { emptyResult, type CustomScenario, type Step } from './types.js';

const MIB = 1024 * 1024;

/**
 * N connections (16) for S seconds (30), each sending reads one after another: list page,
 * record page, search, phone lookup in turn. Counts requests, errors and the process's memory.
 * The server runs in this process, so RSS is the server's (plus the small load client).
 */
export const readLoad: CustomScenario = {
  kind: 'custom',
  name: 'concurrent-read-load',
  about: '16 connections × 30 s of list / record / search / phone reads',
  async run(env) {
    const result = emptyResult(this.name, this.about);
    const steps: Step[] = [];
    for (const s of [contactListFirstPage, recordPage, globalSearch, phoneLookup]) {
      const step = await s.prepare(env);
      if (typeof step === 'function') steps.push(step);
    }
    global.gc?.();
    const deadline = performance.now() + env.loadSeconds * 1000;
    const started = performance.now();
    const rssStart = process.memoryUsage().rss;
    let rssPeak = rssStart;
    // RSS after the first three quarters of the run: flat memory levels off after the first one
    // (the server's heap grows to its working size), a leak keeps climbing.
    const rssQuarters: number[] = [];
    const memory = setInterval(() => {
      const rss = process.memoryUsage().rss;
      rssPeak = Math.max(rssPeak, rss);
      const quarter = Math.floor((4 * (performance.now() - started)) / (env.loadSeconds * 1000));
      if (quarter > rssQuarters.length && rssQuarters.length < 3) rssQuarters.push(rss);
    }, 500);
    const times: number[] = [];
    let errors = 0;

    await Promise.all(
      Array.from({ length: env.loadConnections }, async (_, worker) => {
        for (let i = worker; performance.now() < deadline; i += env.loadConnections) {
          const step = steps[i % steps.length] as Step;
          const t0 = performance.now();
          try {
            await step(Math.floor(i / steps.length));
            times.push(performance.now() - t0);
          } catch {
            errors++;
          }
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    clearInterval(memory);
    const rssEnd = process.memoryUsage().rss;
    result.requests = times.length + errors;
    result.p50 = percentile(times, 50);
    result.p95 = percentile(times, 95);
    result.p99 = percentile(times, 99);
    // A record page is two requests; count HTTP requests, not steps.
    const httpRequests = times.length + Math.floor(times.length / steps.length);
    result.throughput = httpRequests / seconds;
    result.errors = errors;
    result.extra = {
      connections: env.loadConnections,
      seconds,
      httpRequests,
      rssStartMiB: Math.round(rssStart / MIB),
      rssEndMiB: Math.round(rssEnd / MIB),
      rssPeakMiB: Math.round(rssPeak / MIB),
      ...Object.fromEntries(
        rssQuarters.map((rss, q) => [`rssQuarter${q + 1}MiB`, Math.round(rss / MIB)]),
      ),
    };
    result.notes.push(
      `${env.loadConnections} connections, ${seconds.toFixed(1)} s, ${httpRequests} HTTP requests`,
      `RSS start ${(rssStart / MIB).toFixed(0)} MiB, after ¼ ½ ¾ of the run ${rssQuarters.map((rss) => (rss / MIB).toFixed(0)).join(' / ')} MiB, end ${(rssEnd / MIB).toFixed(0)} MiB, peak ${(rssPeak / MIB).toFixed(0)} MiB`,
    );
    return result;
  },
};
