import { badInput, conflict, Decider, DomainEvent, Instant, Nip } from '@kinerja/kernel';
import type { Predikat } from '@kinerja/policies';
import type { Actor } from '@kinerja/kernel';
import { written } from './written';

/**
 * The year predikat of years appraised before kinerja (e-Kinerja BKN, a paper SKP), recorded by
 * BKPSDM from the decree or export, so promotion eligibility ("at least BAIK in each of the last
 * two years") works from the first year. A year appraised in kinerja is never overridden here.
 */
export type YearPredikatRecorded = DomainEvent<
  'YearPredikatRecorded',
  { nip: Nip; year: number; predikat: Predikat; source: string; reason: string; at: Instant }
>;

export interface RecordYearPredikat {
  type: 'RecordYearPredikat';
  nip: Nip;
  /** A past year: which one counts as past is the decider's (it knows the current year). */
  year: number;
  predikat: Predikat;
  source: string;
  reason: string;
  /** The year's last period has an appraisal in kinerja (looked up). */
  appraisedInKinerja: boolean;
  /** This year, on the Pemda's calendar: only past years are history. */
  currentYear: number;
  by: Actor;
  now: Instant;
}

export const yearPredikatStreamId = (nip: Nip) => `YearPredikat-${nip}`;
export const YEAR_PREDIKAT_EVENT_TYPES = ['YearPredikatRecorded'] as const;

export type YearPredikatState = Record<string, Predikat>;

export const yearPredikatDecider: Decider<RecordYearPredikat, YearPredikatRecorded, YearPredikatState> = {
  initialState: () => ({}),
  evolve: (s, e) => ({ ...s, [String(e.data.year)]: e.data.predikat }),
  decide(cmd, s) {
    const { year, predikat } = cmd;
    if (!Number.isInteger(year) || year < 1990 || year >= cmd.currentYear)
      throw badInput('INVALID_YEAR', `a past year, from 1990 to ${cmd.currentYear - 1}`, { year });
    const source = written(cmd.source, 'source', 'MISSING_FIELD', 200);
    const reason = written(cmd.reason, 'reason', 'MISSING_FIELD', 1000);
    if (cmd.appraisedInKinerja)
      throw conflict('YEAR_APPRAISED_IN_KINERJA', `${year} is appraised in kinerja; its predikat is its last period's`, { year });
    if (s[String(year)]) throw conflict('YEAR_PREDIKAT_EXISTS', `the predikat of ${year} is recorded`, { year, predikat: s[String(year)] });
    return [{ type: 'YearPredikatRecorded', data: { nip: cmd.nip, year, predikat, source, reason, at: cmd.now } }];
  },
};
