import { badInput, conflict, Decider, domainError, notFound } from '@kinerja/kernel';
import { FEEDBACK_KINDS } from '../dailyreport';
import { SHA256_PATTERN } from '../evidence';
import type { RealisationCommand } from './commands';
import type { RealisationAnswered, RealisationEvent, RealisationRecorded, RecordedEvidence } from './events';

export interface Realisation {
  record: RealisationRecorded['data'];
  answer?: RealisationAnswered['data'];
}

export interface RealisationState {
  /** By indicator id, which the request names: a `Map`, so `constructor` is no realisation. */
  realisations: ReadonlyMap<string, Realisation>;
}

export const initialRealisationState = (): RealisationState => ({ realisations: new Map() });

export function evolveRealisation(state: RealisationState, event: RealisationEvent): RealisationState {
  const id = event.data.indicatorId;
  switch (event.type) {
    case 'RealisationRecorded':
      return { realisations: new Map(state.realisations).set(id, { record: event.data }) };
    case 'RealisationAnswered': {
      const r = state.realisations.get(id);
      return r ? { realisations: new Map(state.realisations).set(id, { ...r, answer: event.data }) } : state;
    }
  }
}

export const PERIOD_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;
const MAX_EVIDENCE = 20;

function text(value: unknown, field: string, max: number): void {
  if (typeof value !== 'string' || value.trim() === '') throw badInput('MISSING_FIELD', `${field} must not be empty`, { field });
  if (value.length > max) throw badInput('TEXT_TOO_LONG', `${field} is longer than ${max} characters`, { field, max });
}

function figure(value: unknown, field: string, max: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > max)
    throw badInput('INVALID_ACHIEVEMENT', `${field} is a number from 0 to ${max}`, { field, value: value as number, max });
}

export function decideRealisation(cmd: RealisationCommand, state: RealisationState): RealisationEvent[] {
  if (!PERIOD_PATTERN.test(cmd.period)) throw badInput('INVALID_PERIOD', 'period is a month, YYYY-MM', { period: cmd.period });
  const base = { nip: cmd.nip, period: cmd.period, at: cmd.now };
  switch (cmd.type) {
    case 'RecordRealisation': {
      text(cmd.indicatorId, 'indicatorId', 64);
      if (!cmd.plan.approved)
        throw domainError(
          'WORKPLAN_NOT_APPROVED',
          { year: Number(cmd.period.slice(0, 4)) },
          'realisation is recorded against an approved work plan',
        );
      const indicator = cmd.plan.indicators.find((i) => i.indicatorId === cmd.indicatorId);
      if (!indicator)
        throw badInput('UNKNOWN_INDICATOR', 'the indicator (IKI) is not in the approved work plan', { indicatorId: cmd.indicatorId });
      const existing = state.realisations.get(cmd.indicatorId);
      // A realisation sent back for revision is recorded again; otherwise once per indicator per period.
      if (existing && existing.answer?.kind !== 'NEEDS_REVISION')
        throw conflict('REALISATION_EXISTS', 'the realisation of this indicator for the period is recorded', {
          indicatorId: cmd.indicatorId,
          period: cmd.period,
        });
      figure(cmd.quantity, 'quantity', 1_000_000_000);
      figure(cmd.quality, 'quality', 100);
      figure(cmd.timeMonths, 'timeMonths', 12);
      if (cmd.note !== undefined) text(cmd.note, 'note', 1000);
      if (!Array.isArray(cmd.evidence) || cmd.evidence.length > MAX_EVIDENCE)
        throw badInput('TOO_MANY_EVIDENCE_ITEMS', `at most ${MAX_EVIDENCE} evidence items`, { max: MAX_EVIDENCE });
      const evidence: RecordedEvidence[] = [];
      for (const item of cmd.evidence) {
        if (item.kind === 'FILE') {
          if (!SHA256_PATTERN.test(item.sha256))
            throw badInput('INVALID_SHA256', 'sha256 is 64 lower-case hex digits', { sha256: item.sha256 });
          const stored = cmd.storedFiles.get(item.sha256);
          if (!stored) throw notFound('EVIDENCE_NOT_FOUND', 'no evidence file with this hash has been uploaded', { sha256: item.sha256 });
          if (evidence.some((e) => e.kind === 'FILE' && e.sha256 === item.sha256)) continue;
          evidence.push({ kind: 'FILE', sha256: item.sha256, size: stored.size, contentType: stored.contentType });
        } else if (item.kind === 'LINK') {
          if (typeof item.url !== 'string' || !/^https?:\/\/[^\s]+$/.test(item.url) || item.url.length > 500)
            throw badInput('INVALID_EVIDENCE_LINK', 'evidence is an http(s) link of at most 500 characters', { url: item.url });
          evidence.push({ kind: 'LINK', url: item.url });
        } else {
          throw badInput('INVALID_EVIDENCE_KIND', 'an evidence item is a FILE or a LINK', {
            kind: (item as { kind?: unknown }).kind ?? null,
          });
        }
      }
      return [
        {
          type: 'RealisationRecorded',
          data: {
            ...base,
            indicatorId: cmd.indicatorId,
            resultId: indicator.resultId,
            quantity: cmd.quantity,
            quality: cmd.quality,
            timeMonths: cmd.timeMonths,
            ...(cmd.note ? { note: cmd.note.trim() } : {}),
            evidence,
            revision: existing ? existing.record.revision + 1 : 1,
          },
        },
      ];
    }
    case 'AnswerRealisation': {
      const r = state.realisations.get(cmd.indicatorId);
      if (!r) throw notFound('REALISATION_NOT_FOUND', 'no realisation of this indicator in the period', { indicatorId: cmd.indicatorId });
      if (r.answer)
        throw conflict('REALISATION_ALREADY_ANSWERED', 'the realisation has been answered', {
          indicatorId: cmd.indicatorId,
          kind: r.answer.kind,
        });
      if (!FEEDBACK_KINDS.includes(cmd.kind))
        throw badInput('INVALID_FEEDBACK_KIND', `kind is one of ${FEEDBACK_KINDS.join(', ')}`, { kind: cmd.kind });
      if (cmd.kind !== 'ACKNOWLEDGED' || cmd.note !== undefined) text(cmd.note, 'note', 1000);
      return [
        {
          type: 'RealisationAnswered',
          data: {
            ...base,
            indicatorId: cmd.indicatorId,
            kind: cmd.kind,
            ...(cmd.note ? { note: cmd.note.trim() } : {}),
            answeredBy: cmd.by.nip ?? null,
          },
        },
      ];
    }
  }
}

export const realisationDecider: Decider<RealisationCommand, RealisationEvent, RealisationState> = {
  decide: decideRealisation,
  evolve: evolveRealisation,
  initialState: initialRealisationState,
};
