import { api, unwrap } from '../../api/client';

// The reads of the report screens, as TanStack Query options (one key per resource).

export const workPlanQuery = (nip: string, year: number) => ({
  queryKey: ['workplan', nip, year],
  queryFn: () => unwrap(api.GET('/api/v1/workplans/{nip}/{year}', { params: { path: { nip, year: String(year) } } })),
  enabled: !!nip,
});

export const dailyReportsQuery = (nip: string, month: string) => ({
  queryKey: ['daily-reports', nip, month],
  queryFn: () => unwrap(api.GET('/api/v1/daily-reports/{nip}/{month}', { params: { path: { nip, month } } })),
  enabled: !!nip,
});

export const realisationsQuery = (nip: string, period: string) => ({
  queryKey: ['realisations', nip, period],
  queryFn: () => unwrap(api.GET('/api/v1/realisations/{nip}/{period}', { params: { path: { nip, period } } })),
  enabled: !!nip,
});

export const ANSWER_LABEL: ReadonlyMap<string, string> = new Map([
  ['ACKNOWLEDGED', 'Diterima'],
  ['NOTE', 'Diberi catatan'],
  ['NEEDS_REVISION', 'Perlu diperbaiki'],
]);

export const ANSWER_COLOR: ReadonlyMap<string, string> = new Map([
  ['ACKNOWLEDGED', 'green'],
  ['NOTE', 'blue'],
  ['NEEDS_REVISION', 'red'],
]);
