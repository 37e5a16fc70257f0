/**
 * Demo data (issue 3): fills a workspace with a small synthetic South-East-European company —
 * colleagues, organizations, people and leads with names in Latin, Cyrillic and Greek, phones,
 * custom fields and a timeline history — from the same generator and loader as the benchmark
 * (bench/synthetic, bench/load), with dates moved so the history ends today.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { loadSynthetic, type LoadResult } from '../../bench/load/load.js';
import { EPOCH_END, SyntheticCompany } from '../../bench/synthetic/generator.js';
import type { Database } from '../db/connection.js';
import type { Ctx } from '../platform/context.js';

/** ~500 people, 50 organizations, 100 leads, 20 products, 250 invoices, 5,000 timeline entries. */
export const DEMO_SCALE = 0.0005;

export async function fillDemoWorkspace(
  database: Database,
  ctx: Ctx,
  options: { scale?: number; seed?: number; log?: (line: string) => void } = {},
): Promise<LoadResult> {
  const scale = options.scale ?? DEMO_SCALE;
  // A fresh seed per workspace: colleagues' ids and emails must not repeat across workspaces.
  const seed = options.seed ?? randomInt(1, 2 ** 31 - 1);
  return loadSynthetic(database, {
    gen: new SyntheticCompany(seed, scale),
    seed,
    ctx,
    bulk: false,
    shift: Date.now() - EPOCH_END,
    // The synthetic colleagues cannot sign in until an administrator sets their password.
    userPassword: randomBytes(24).toString('base64url'),
    ...(options.log ? { log: options.log } : {}),
  });
}
