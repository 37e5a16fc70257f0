import { describe, expect, it } from 'vitest';
import {
  applyEvent,
  initialState,
  needsCallback,
  statusOf,
  type EventFacts,
} from './call-state.js';

const t = (s: number) => new Date(Date.UTC(2026, 11, 3, 9, 0, s));

function fold(events: EventFacts[], direction: 'inbound' | 'outbound' = 'inbound') {
  const [first, ...rest] = events;
  if (!first) throw new Error('no events');
  return rest.reduce(applyEvent, initialState(direction, first));
}

describe('call state', () => {
  const ringing: EventFacts = { event: 'ringing', at: t(0) };
  const answered: EventFacts = { event: 'answered', at: t(5) };
  const ended: EventFacts = {
    event: 'ended',
    at: t(65),
    recordingUrl: 'https://pbx.example/r/1.mp3',
  };

  it('goes ringing → in progress → completed and computes the talk time', () => {
    expect(statusOf(fold([ringing]))).toBe('ringing');
    expect(statusOf(fold([ringing, answered]))).toBe('in_progress');
    const done = fold([ringing, answered, ended]);
    expect(statusOf(done)).toBe('completed');
    expect(done.durationSec).toBe(60);
    expect(done.recordingUrl).toBe('https://pbx.example/r/1.mp3');
    expect(done.startedAt).toEqual(t(0));
  });

  it('gives the same call for any order and for repeated events', () => {
    const inOrder = fold([ringing, answered, ended]);
    const shuffled = fold([ended, ringing, ended, answered, ringing]);
    expect({ ...shuffled, events: [...shuffled.events].sort() }).toEqual({
      ...inOrder,
      events: [...inOrder.events].sort(),
    });
  });

  it('keeps the talk time the PBX reports over the computed one', () => {
    const call = fold([ringing, answered, { event: 'ended', at: t(65), durationSec: 58 }]);
    expect(call.durationSec).toBe(58);
  });

  it('marks unanswered inbound calls as missed and asks for a call back', () => {
    expect(statusOf(fold([ringing, { event: 'missed', at: t(30) }]))).toBe('missed');
    const hungUp = fold([ringing, { event: 'ended', at: t(20) }]);
    expect(statusOf(hungUp)).toBe('missed');
    expect(needsCallback(hungUp)).toBe(true);
    const outbound = fold([ringing, { event: 'ended', at: t(20) }], 'outbound');
    expect(needsCallback(outbound)).toBe(false);
  });

  it('never calls a call missed once someone answered, whatever arrives late', () => {
    const call = fold([{ event: 'missed', at: t(30) }, ringing, answered]);
    expect(statusOf(call)).toBe('in_progress');
    expect(needsCallback(call)).toBe(false);
  });
});
