import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
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

/**
 * The OPD and the time (period or month) a page of one OPD is about, kept in the address (`?opd=` and
 * `timeParam`): an office that works on any OPD chooses from the org chart, a head from their own
 * OPDs; the time defaults to the first of `times`. `choose` changes either and keeps the other.
 */
export function useOpdAndTime(options: { anyOpd: boolean; headOf: readonly string[]; timeParam: string; times: readonly string[] }) {
  const { anyOpd, headOf, timeParam, times } = options;
  const opdList = useOpdList(anyOpd);
  const [params, setParams] = useSearchParams();
  const opdOptions = anyOpd ? (opdList.data ?? []) : headOf.map((o) => ({ value: o, label: o }));
  const opdId = params.get('opd') ?? headOf[0] ?? opdOptions[0]?.value ?? '';
  const time = params.get(timeParam) ?? times[0];
  const choose = (next: { opd?: string; time?: string }) => setParams({ opd: next.opd ?? opdId, [timeParam]: next.time ?? time });
  return { opdList, opdOptions, opdId, time, choose };
}
