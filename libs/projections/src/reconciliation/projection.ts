import type { PoolClient } from 'pg';
import type { RecordedEvent } from '@kinerja/event-store';
import type { BknExportImported, PredikatDifferenceResolved } from '@kinerja/domain/reconciliation';
import type { Projection } from '../projection';
import { applyInput, PAYROLL_APPRAISAL_EVENT_TYPES } from '../payroll/inputs';
import { upsert } from '../sql';

/** The events that set kinerja's own predikat of a month, folded exactly as the pay inputs fold them. */
const KINERJA_PREDIKAT_EVENT_TYPES = ['PredikatIssued', 'PredikatAmended', ...PAYROLL_APPRAISAL_EVENT_TYPES];

/**
 * Reconciliation with e-Kinerja BKN: the BKN export in force per month, kinerja's own predikat per
 * NIP per month (the pay inputs' fold of imports, issued appraisals and decided objections, but
 * never a resolution, so that the comparison is always of the two sources themselves), and the
 * latest recorded choice per NIP per month. The differences are read by joining them (./queries.ts).
 */
export const reconciliationProjection: Projection = {
  name: 'predikat_reconciliation',
  version: 1,
  eventTypes: ['BknExportImported', 'PredikatDifferenceResolved', ...KINERJA_PREDIKAT_EVENT_TYPES],
  tables: {
    bkn_import: `
      month text PRIMARY KEY, period text NOT NULL, import_id text NOT NULL, file_name text NOT NULL,
      row_count integer NOT NULL, imported_at timestamptz NOT NULL, actor text, event_id uuid NOT NULL`,
    bkn_predikat: `
      month text NOT NULL, nip text NOT NULL, period text NOT NULL, name text NOT NULL, results text, behaviour text,
      predikat text NOT NULL, import_id text NOT NULL, PRIMARY KEY (month, nip)`,
    // The same columns as the payroll projection's pay_predikat and pay_amendment: its fold writes them.
    rec_kinerja_predikat: `nip text NOT NULL, month text NOT NULL, predikat text NOT NULL, event_id uuid NOT NULL, objection_id text, PRIMARY KEY (nip, month)`,
    rec_amendment: `
      objection_id text PRIMARY KEY, nip text NOT NULL, month text NOT NULL, predikat text NOT NULL, previous_predikat text,
      event_id uuid NOT NULL, decided_on text, reason text, recorded_at timestamptz NOT NULL`,
    rec_resolution: `
      month text NOT NULL, nip text NOT NULL, choice text NOT NULL, predikat text NOT NULL, kinerja_predikat text, bkn_predikat text,
      governing_source text NOT NULL, reason text NOT NULL, actor text, resolved_at timestamptz NOT NULL, event_id uuid NOT NULL,
      PRIMARY KEY (month, nip)`,
  },
  indexes: ['CREATE INDEX {rec_kinerja_predikat}_month ON {rec_kinerja_predikat} (month, nip)'],
  async apply(events, { client, table }) {
    const kinerjaTables = (logical: string) =>
      table(logical === 'pay_predikat' ? 'rec_kinerja_predikat' : logical === 'pay_amendment' ? 'rec_amendment' : logical);
    for (const e of events) {
      if (e.type === 'BknExportImported') await applyImport(client, table, e as RecordedEvent<string, BknExportImported['data']>);
      else if (e.type === 'PredikatDifferenceResolved')
        await applyResolution(client, table('rec_resolution'), e as RecordedEvent<string, PredikatDifferenceResolved['data']>);
      else await applyInput(client, kinerjaTables, e);
    }
  },
};

/** The first chunk of an import replaces the months' export; every chunk adds its rows. */
async function applyImport(client: PoolClient, table: (l: string) => string, e: RecordedEvent<string, BknExportImported['data']>) {
  const d = e.data;
  if (d.chunk === 0) {
    await client.query(`DELETE FROM ${table('bkn_predikat')} WHERE month = ANY($1)`, [d.months]);
    for (const month of d.months)
      await client.query(
        upsert(
          table('bkn_import'),
          {
            month,
            period: d.period,
            import_id: d.importId,
            file_name: d.fileName,
            row_count: d.rowCount,
            imported_at: d.at,
            actor: typeof e.metadata.actor === 'string' ? e.metadata.actor : null,
            event_id: e.id,
          },
          { key: ['month'] },
        ),
      );
  }
  await client.query(
    `INSERT INTO ${table('bkn_predikat')} (month, nip, period, name, results, behaviour, predikat, import_id)
     SELECT m, r->>'nip', $2, coalesce(r->>'name', ''), r->>'results', r->>'behaviour', r->>'predikat', $3
       FROM unnest($1::text[]) m CROSS JOIN jsonb_array_elements($4::jsonb) r
     ON CONFLICT (month, nip) DO NOTHING`,
    [d.months, d.period, d.importId, JSON.stringify(d.rows)],
  );
}

async function applyResolution(client: PoolClient, t: string, e: RecordedEvent<string, PredikatDifferenceResolved['data']>) {
  const d = e.data;
  const row = {
    month: d.month,
    nip: d.nip,
    choice: d.choice,
    predikat: d.predikat,
    kinerja_predikat: d.kinerjaPredikat,
    bkn_predikat: d.bknPredikat,
    governing_source: d.governingSource,
    reason: d.reason,
    actor: typeof e.metadata.actor === 'string' ? e.metadata.actor : null,
    resolved_at: d.at,
    event_id: e.id,
  };
  await client.query(upsert(t, row, { key: ['month', 'nip'] }));
}
