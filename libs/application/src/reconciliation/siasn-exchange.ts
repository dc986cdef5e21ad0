import { siasnCsv, type SiasnPeriodicPerformanceRow } from '@kinerja/domain/reconciliation';

/** What an exchange did with the rows: a file for the Pemda to upload, or SIASN's own receipt. */
export type SiasnExport =
  | { delivered: 'FILE'; format: 'json' | 'csv'; contentType: string; fileName: string; body: string; rowCount: number }
  | { delivered: 'SIASN'; rowCount: number; accepted: number; receipt: string };

/**
 * The exchange with SIASN (BKN's personnel system) behind one port. Today's adapter writes the rows
 * as a file; a live adapter (SIASN's web service with the Pemda's consumer key and SSO token) sends
 * each row to SIASN's periodic-performance endpoint and answers with its receipt.
 */
export interface SiasnExchange {
  readonly mode: 'FILE' | 'LIVE';
  exportPeriodicPerformance(
    rows: readonly SiasnPeriodicPerformanceRow[],
    options: { period: string; format: 'json' | 'csv' },
  ): Promise<SiasnExport>;
}

/** The file adapter: the rows as JSON or CSV to download and upload to SIASN by hand. */
export const fileSiasnExchange: SiasnExchange = {
  mode: 'FILE',
  async exportPeriodicPerformance(rows, { period, format }) {
    const fileName = `siasn-kinerja-periodik-${period}.${format}`;
    return format === 'csv'
      ? { delivered: 'FILE', format, contentType: 'text/csv; charset=utf-8', fileName, body: siasnCsv(rows), rowCount: rows.length }
      : {
          delivered: 'FILE',
          format,
          contentType: 'application/json',
          fileName,
          body: JSON.stringify({ period, rows }),
          rowCount: rows.length,
        };
  },
};
