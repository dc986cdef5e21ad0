import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import { ApiError } from '../../api/errors';
import { saveBlob } from '../../api/download';
import { historyBehind } from './payroll';

// The run's reads, shared by the two pages.

export const runKey = (opdId: string, month: string) => ['payroll-run', opdId, month];

/** The run, or null when none is open for the OPD and month (RUN_NOT_FOUND). Polled while it is being calculated. */
export function useRun(opdId: string, month: string, enabled = true) {
  return useQuery({
    queryKey: runKey(opdId, month),
    queryFn: async () => {
      try {
        return await unwrap(api.GET('/api/v1/payroll/opds/{opdId}/runs/{month}', { params: { path: { opdId, month } } }));
      } catch (e) {
        if (e instanceof ApiError && e.code === 'RUN_NOT_FOUND') return null;
        throw e;
      }
    },
    enabled: enabled && !!opdId && !!month,
    // The calculation runs in the background: its progress is read from the run until it has finished;
    // and the history (from the ledger) is read again until it has caught up with the status.
    refetchInterval: (q) => {
      const d = q.state.data;
      return d && (d.status === 'CALCULATING' || historyBehind(d.status, d.steps)) ? 700 : false;
    },
  });
}

export type RunData = NonNullable<ReturnType<typeof useRun>['data']>;

export type Export = 'bank-transfer.csv' | 'slips' | 'rekap.pdf' | 'rekap.xlsx';

/** An export of a run (the rekap of a calculated one; the bank file and slips of an approved one), fetched with the bearer token and saved from a Blob. */
export async function downloadExport(opdId: string, month: string, which: Export): Promise<void> {
  const params = { params: { path: { opdId, month } }, parseAs: 'blob' as const };
  const blob =
    which === 'bank-transfer.csv'
      ? await unwrap(api.GET('/api/v1/payroll/opds/{opdId}/runs/{month}/exports/bank-transfer.csv', params))
      : which === 'slips'
        ? await unwrap(api.GET('/api/v1/payroll/opds/{opdId}/runs/{month}/exports/slips', params))
        : which === 'rekap.pdf'
          ? await unwrap(api.GET('/api/v1/payroll/opds/{opdId}/runs/{month}/rekap.pdf', params))
          : await unwrap(api.GET('/api/v1/payroll/opds/{opdId}/runs/{month}/rekap.xlsx', params));
  const name =
    which === 'bank-transfer.csv'
      ? `transfer-bank-${opdId}-${month}.csv`
      : which === 'slips'
        ? `daftar-slip-${opdId}-${month}.json`
        : `rekap-tpp-${opdId}-${month}.${which === 'rekap.pdf' ? 'pdf' : 'xlsx'}`;
  saveBlob(blob as Blob, name);
}
