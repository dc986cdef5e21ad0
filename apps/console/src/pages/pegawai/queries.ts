import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';

/** The org chart on a date (all OPDs), shared by the chart, the record and the forms. */
export function useOrgChart(date: string) {
  return useQuery({
    queryKey: ['org-chart', date],
    queryFn: () => unwrap(api.GET('/api/v1/org-chart', { params: { query: { date } } })),
    staleTime: 60_000,
  });
}

export const isDate = (d: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(d);
