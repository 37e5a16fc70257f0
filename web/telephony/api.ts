/** The telephony API as the web app uses it (types come from the server's zod contract). */
import { queryOptions } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  agentOut,
  callOut,
  dialResponse,
  screenPopOut,
  settingsOut,
} from '../../server/telephony/schema.js';
import { get, post } from '../lib/api.js';

export type ScreenPop = z.infer<typeof screenPopOut>;
export type PopCustomer = NonNullable<ScreenPop['customer']>;
export type Call = z.infer<typeof callOut>;
export type TelephonySettings = z.infer<typeof settingsOut>;
export type Agent = z.infer<typeof agentOut>;
export type DialResult = z.infer<typeof dialResponse>;
export type { CallRinging, CallUpdated } from '../../server/telephony/push.js';

export const telephonySettingsQuery = queryOptions({
  queryKey: ['telephony', 'settings'],
  queryFn: () => get<TelephonySettings>('/telephony/settings'),
  staleTime: 5 * 60_000,
});

export const agentsQuery = queryOptions({
  queryKey: ['telephony', 'agents'],
  queryFn: async () => (await get<{ data: Agent[] }>('/telephony/agents')).data,
  staleTime: 60_000,
});

export const dial = (number: string) => post<DialResult>('/telephony/dial', { number });

export const RECORD_PATHS = {
  contacts: '/contacts/$id',
  companies: '/companies/$id',
  leads: '/leads/$id',
} as const;
