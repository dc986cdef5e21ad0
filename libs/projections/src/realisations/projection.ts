import { isRealisationStream, REALISATION_EVENT_TYPES, RealisationEvent } from '@kinerja/domain/realisation';
import type { Projection } from '../projection';
import { domainEventsOn } from '../rows';
import { answerColumns, UNANSWERED } from '../answer';
import { update, upsert } from '../sql';

/** Realisation per employee, period and indicator, with the evidence and the supervisor's answer. */
export const realisationsProjection: Projection = {
  name: 'realisations',
  version: 1,
  eventTypes: [...REALISATION_EVENT_TYPES],
  tables: {
    realisations: `
      nip          text NOT NULL,
      period       text NOT NULL,
      indicator_id text NOT NULL,
      result_id    text NOT NULL,
      quantity     double precision NOT NULL,
      quality      double precision NOT NULL,
      time_months  double precision NOT NULL,
      note         text,
      evidence     jsonb NOT NULL,
      revision     integer NOT NULL,
      answer_kind  text,
      answer_note  text,
      answered_by  text,
      recorded_at  timestamptz NOT NULL,
      PRIMARY KEY (nip, period, indicator_id)`,
  },
  indexes: ['CREATE INDEX {realisations}_open ON {realisations} (nip) WHERE answer_kind IS NULL'],
  async apply(events, { client, table }) {
    const t = table('realisations');
    for (const ev of domainEventsOn<RealisationEvent>(events, isRealisationStream)) {
      const d = ev.data;
      if (ev.type === 'RealisationRecorded') {
        const r = ev.data;
        const row = {
          nip: r.nip,
          period: r.period,
          indicator_id: r.indicatorId,
          result_id: r.resultId,
          quantity: r.quantity,
          quality: r.quality,
          time_months: r.timeMonths,
          note: r.note ?? null,
          evidence: JSON.stringify(r.evidence),
          revision: r.revision,
          // A revised realisation waits for a new answer.
          ...UNANSWERED,
          recorded_at: r.at,
        };
        await client.query(upsert(t, row, { key: ['nip', 'period', 'indicator_id'] }));
      } else if (ev.type === 'RealisationAnswered') {
        await client.query(update(t, { nip: d.nip, period: d.period, indicator_id: d.indicatorId }, answerColumns(ev.data)));
      }
    }
  },
};
