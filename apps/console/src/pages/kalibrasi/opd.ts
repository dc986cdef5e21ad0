import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';

/** The OPDs a role is scoped to (`kepala_opd:DINKES` -> DINKES), in the order the token names them. */
export function opdsOfRole(roles: readonly string[], role: string): string[] {
  return [...new Set(roles.filter((r) => r.startsWith(`${role}:`)).map((r) => r.slice(role.length + 1)))];
}

/** The OPDs of the org chart today (id and name), for an office that works on any of them. */
export function useOpdList(enabled: boolean) {
  return useQuery({
    queryKey: ['org-chart', 'opds'],
    queryFn: async () => {
      const chart = await unwrap(api.GET('/api/v1/org-chart', { params: { query: {} } }));
      return chart.opds.map((o) => ({ value: o.unitId, label: `${o.name} (${o.unitId})` }));
    },
    enabled,
    staleTime: 10 * 60_000,
  });
}
