/**
 * How PBX events fold into one call. Pure: events may come twice or in any order, and the
 * result depends only on the set of events received (each timestamp keeps its earliest report).
 */
import type { CallDirection, CallEvent, CallStatus } from './schema.js';

export interface CallState {
  direction: CallDirection;
  ringingAt: Date | null;
  answeredAt: Date | null;
  endedAt: Date | null;
  missedAt: Date | null;
  startedAt: Date;
  durationSec: number | null;
  recordingUrl: string | null;
  events: string[];
}

export interface EventFacts {
  event: CallEvent;
  at: Date;
  durationSec?: number | undefined;
  recordingUrl?: string | undefined;
}

const earliest = (a: Date | null, b: Date): Date => (a && a <= b ? a : b);

/** The call after one more event; `events` lists each event kind once. */
export function applyEvent(state: CallState, facts: EventFacts): CallState {
  const next: CallState = { ...state, events: [...new Set([...state.events, facts.event])] };
  next.startedAt = earliest(state.startedAt, facts.at);
  switch (facts.event) {
    case 'ringing':
      next.ringingAt = earliest(state.ringingAt, facts.at);
      break;
    case 'answered':
      next.answeredAt = earliest(state.answeredAt, facts.at);
      break;
    case 'ended':
      next.endedAt = earliest(state.endedAt, facts.at);
      break;
    case 'missed':
      next.missedAt = earliest(state.missedAt, facts.at);
      break;
  }
  if (facts.durationSec !== undefined) next.durationSec = facts.durationSec;
  if (facts.recordingUrl !== undefined) next.recordingUrl = facts.recordingUrl;
  if (next.durationSec === null && next.answeredAt && next.endedAt) {
    next.durationSec = Math.max(
      0,
      Math.round((next.endedAt.getTime() - next.answeredAt.getTime()) / 1000),
    );
  }
  return next;
}

/** A new call's state from its first event. */
export function initialState(direction: CallDirection, facts: EventFacts): CallState {
  return applyEvent(
    {
      direction,
      ringingAt: null,
      answeredAt: null,
      endedAt: null,
      missedAt: null,
      startedAt: facts.at,
      durationSec: null,
      recordingUrl: null,
      events: [],
    },
    facts,
  );
}

/**
 * Answered (or any talk time) wins: a call someone talked on is never "missed", whatever order
 * the events came in. Without an answer, `missed` or an `ended` makes it missed.
 */
export function statusOf(state: CallState): CallStatus {
  const talked = state.answeredAt !== null || (state.durationSec ?? 0) > 0;
  if (talked) return state.endedAt ? 'completed' : 'in_progress';
  if (state.missedAt || state.endedAt) return 'missed';
  return 'ringing';
}

/** Only unanswered inbound calls need someone to call back (R16). */
export function needsCallback(state: CallState): boolean {
  return state.direction === 'inbound' && statusOf(state) === 'missed';
}
