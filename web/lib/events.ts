/**
 * Server events in the browser: one shared EventSource on `/api/v1/events` for the whole app,
 * opened on the first subscription and closed when the last one goes. The browser reconnects
 * by itself and sends `Last-Event-ID`, so missed events arrive after a reconnect; when the
 * source gives up (server restart), we reopen it and pass the last id in the query.
 *
 *   useServerEvent<{ id: string }>('notification.created', (data) => …);
 */
import { useEffect, useRef } from 'react';

type Handler = (data: unknown) => void;

const handlers = new Map<string, Set<Handler>>();
const attached = new Set<string>();
let source: EventSource | null = null;
let lastEventId: string | null = null;
let reopenTimer: ReturnType<typeof setTimeout> | null = null;
const REOPEN_MS = 5_000;

function dispatch(type: string, event: MessageEvent<string>): void {
  if (event.lastEventId) lastEventId = event.lastEventId;
  let data: unknown;
  try {
    data = JSON.parse(event.data);
  } catch {
    return;
  }
  for (const handler of handlers.get(type) ?? []) {
    try {
      handler(data);
    } catch (error) {
      console.error(error);
    }
  }
}

function attach(type: string): void {
  if (!source || attached.has(type)) return;
  attached.add(type);
  source.addEventListener(type, (event) => dispatch(type, event as MessageEvent<string>));
}

function open(): void {
  if (source || typeof EventSource === 'undefined') return;
  const url = lastEventId
    ? `/api/v1/events?lastEventId=${encodeURIComponent(lastEventId)}`
    : '/api/v1/events';
  source = new EventSource(url, { withCredentials: true });
  attached.clear();
  for (const type of handlers.keys()) attach(type);
  source.addEventListener('error', () => {
    if (source?.readyState !== EventSource.CLOSED) return; // the browser retries by itself
    source = null;
    if (handlers.size > 0 && !reopenTimer) {
      reopenTimer = setTimeout(() => {
        reopenTimer = null;
        if (handlers.size > 0) open();
      }, REOPEN_MS);
    }
  });
}

/** Closes the stream (sign-out); the next subscription opens a fresh one. */
export function closeServerEvents(): void {
  source?.close();
  source = null;
  lastEventId = null;
  attached.clear();
  if (reopenTimer) clearTimeout(reopenTimer);
  reopenTimer = null;
}

/** Subscribes to one event type; returns the unsubscribe function. */
export function subscribeServerEvent(type: string, handler: Handler): () => void {
  let set = handlers.get(type);
  if (!set) {
    set = new Set();
    handlers.set(type, set);
  }
  set.add(handler);
  if (source) attach(type);
  else open();
  return () => {
    set.delete(handler);
    if (set.size === 0) handlers.delete(type);
    if (handlers.size === 0) closeServerEvents();
  };
}

/** Calls `handler` with the data of every `type` event pushed by the server while mounted. */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the payload type
export function useServerEvent<T = unknown>(type: string, handler: (data: T) => void): void {
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => subscribeServerEvent(type, (data) => ref.current(data as T)), [type]);
}
