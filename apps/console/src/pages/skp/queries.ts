import { api, unwrap } from '../../api/client';

// The queries of the SKP screens, keyed so that a command invalidates what it changed.

export const workPlanQuery = (nip: string, year: number) => ({
  queryKey: ['workplan', nip, year],
  queryFn: () => unwrap(api.GET('/api/v1/workplans/{nip}/{year}', { params: { path: { nip, year: String(year) } } })),
  enabled: /^\d{18}$/.test(nip),
});

export const parentResultsQuery = (nip: string, year: number, enabled: boolean) => ({
  queryKey: ['workplan', nip, year, 'parent-results'],
  queryFn: () => unwrap(api.GET('/api/v1/workplans/{nip}/{year}/parent-results', { params: { path: { nip, year: String(year) } } })),
  enabled: enabled && /^\d{18}$/.test(nip),
});

export const cascadeQuery = (unitId: string | null | undefined, year: number) => ({
  queryKey: ['cascade', unitId, year],
  queryFn: () => unwrap(api.GET('/api/v1/org-units/{unitId}/cascade', { params: { path: { unitId: unitId ?? '' }, query: { year } } })),
  enabled: !!unitId,
});
