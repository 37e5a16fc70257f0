import type { Database, Engine } from '../../server/db/connection.js';
import type { HttpClient, HttpResult } from '../harness/http.js';

/** What every scenario gets: the running server, its database and samples of the data. */
export interface BenchEnv {
  engine: Engine;
  scale: number;
  database: Database;
  http: HttpClient;
  workspaceId: string;
  userId: string;
  /** Measured requests per latency scenario (≥ 200). */
  requests: number;
  /** Seconds of the concurrent load. */
  loadSeconds: number;
  loadConnections: number;
  /** Rows of the CSV import scenario. */
  importRows: number;
  samples: Samples;
  /** API paths the server serves (from its OpenAPI document), to skip features not merged. */
  paths: Set<string>;
}

export interface SampleContact {
  id: string;
  firstName: string;
  lastName: string;
  email: string | null;
  phone: string | null;
  national: string | null;
}

export interface Samples {
  contacts: SampleContact[];
  userIds: string[];
}

/** One measured unit of a latency scenario (may be several HTTP calls, e.g. record + timeline). */
export interface Step {
  (i: number): Promise<{ result: HttpResult; rows: number }>;
}

export interface LatencyScenario {
  kind: 'latency';
  name: string;
  about: string;
  /** Returns the step to measure, or a reason to skip (feature not on this build). */
  prepare(env: BenchEnv): Promise<Step | { skip: string }> | Step | { skip: string };
  /**
   * The step writes: its warm-up sends other requests than the measured ones (the same update
   * twice would measure a no-op).
   */
  writes?: boolean;
  /** Adds figures measured after the run (e.g. the query the endpoint replaces) as notes. */
  finish?(env: BenchEnv, result: ScenarioResult): Promise<void>;
}

/** A scenario with its own procedure (the CSV import, the concurrent load). */
export interface CustomScenario {
  kind: 'custom';
  name: string;
  about: string;
  run(env: BenchEnv): Promise<ScenarioResult>;
}

export type Scenario = LatencyScenario | CustomScenario;

export interface ScenarioResult {
  scenario: string;
  about: string;
  requests: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  /** Requests (or rows, for imports) per second. */
  throughput: number | null;
  rawP95: number | null;
  /** HTTP p95 / raw SQL p95. */
  ratio: number | null;
  rows: number | null;
  statements: number | null;
  plan: string | null;
  slowestStatement: string | null;
  errors: number;
  skipped: string | null;
  notes: string[];
  /** Scenario-specific figures (memory, rows/s…). */
  extra: Record<string, number>;
}

export function emptyResult(name: string, about: string): ScenarioResult {
  return {
    scenario: name,
    about,
    requests: 0,
    p50: null,
    p95: null,
    p99: null,
    throughput: null,
    rawP95: null,
    ratio: null,
    rows: null,
    statements: null,
    plan: null,
    slowestStatement: null,
    errors: 0,
    skipped: null,
    notes: [],
    extra: {},
  };
}
