/** Access levels in the web app: roles, teams, the security policy (issue 9). */
import { queryOptions, useQuery } from '@tanstack/react-query';
import type { AccessAction, AccessObject, AccessScope } from '../../common/access.js';
import { useMe } from '../app/session.js';
import { get } from '../lib/api.js';

export interface Role {
  id: string;
  key: string;
  name: string;
  description: string | null;
  isAdmin: boolean;
  isDefault: boolean;
  permissions: Record<string, Record<string, AccessScope>>;
  fieldPermissions: Record<string, Record<string, 'hidden' | 'read_only'>>;
  require2fa: boolean;
  userCount: number;
  version: number;
}

export interface Team {
  id: string;
  name: string;
  parentId: string | null;
  managerId: string | null;
  memberIds: string[];
  version: number;
}

export const rolesQuery = queryOptions({
  queryKey: ['roles'],
  queryFn: async () => (await get<{ data: Role[] }>('/roles')).data,
  staleTime: 30_000,
});

export const teamsQuery = queryOptions({
  queryKey: ['teams'],
  queryFn: async () => (await get<{ data: Team[] }>('/teams')).data,
  staleTime: 30_000,
});

export function useRoles(): Role[] {
  return useQuery(rolesQuery).data ?? [];
}

export function useTeams(): Team[] {
  return useQuery(teamsQuery).data ?? [];
}

/** Teams in tree order with their depth (parents before children). */
export function teamTree(teams: Team[]): { team: Team; depth: number }[] {
  const out: { team: Team; depth: number }[] = [];
  const walk = (parentId: string | null, depth: number) => {
    for (const team of teams.filter((t) => t.parentId === parentId)) {
      out.push({ team, depth });
      walk(team.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

/** May the signed-in user do this (at any scope)? Shapes buttons; the server decides. */
export function useCan(action: AccessAction, object: AccessObject): boolean {
  const me = useMe();
  return (me.access.permissions[object]?.[action] ?? 'none') !== 'none';
}
