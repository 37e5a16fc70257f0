import { queryOptions, useQuery } from '@tanstack/react-query';
import type { MeResponse } from '../../server/auth/schema.js';
import { ApiError, get } from '../lib/api.js';

export const meQuery = queryOptions({
  queryKey: ['me'],
  queryFn: async (): Promise<MeResponse | null> => {
    try {
      return await get<MeResponse>('/me');
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return null;
      throw error;
    }
  },
  staleTime: 60_000,
});

export const setupQuery = queryOptions({
  queryKey: ['setup'],
  queryFn: () => get<{ needed: boolean }>('/setup'),
  staleTime: 60_000,
});

/** The signed-in user; only rendered inside the signed-in part of the app. */
export function useMe(): MeResponse {
  const { data } = useQuery(meQuery);
  if (!data) throw new Error('useMe outside of a signed-in page');
  return data;
}

export interface UserSummary {
  id: string;
  name: string;
  email: string;
  role: string;
  locale: string;
  active: boolean;
  roleKey?: string | null;
  teamIds?: string[];
  twoFactor?: boolean;
  lockedUntil?: string | null;
}

export const usersQuery = queryOptions({
  queryKey: ['users'],
  queryFn: async () => (await get<{ data: UserSummary[] }>('/users')).data,
  staleTime: 60_000,
});

export function useUsers(): UserSummary[] {
  return useQuery(usersQuery).data ?? [];
}
