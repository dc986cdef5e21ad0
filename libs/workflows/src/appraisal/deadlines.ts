import type { AppraisalEvent } from '@kinerja/domain/appraisal';
import type { Deadline } from '@kinerja/application';

/**
 * The objection deadlines, as pure reactions. An appraisal issued starts its objection window's
 * timer; an objection filed starts its decision's. Other events start none.
 */
export function deadlinesOf(events: readonly AppraisalEvent[]): Deadline[] {
  return events.flatMap((e): Deadline[] => {
    switch (e.type) {
      case 'AppraisalIssued':
        return [{ kind: 'OBJECTION_WINDOW', nip: e.data.nip, period: e.data.period, dueAt: e.data.windowClosesAt }];
      case 'ObjectionFiled':
        return [{ kind: 'OBJECTION_DECISION', nip: e.data.nip, period: e.data.period, dueAt: e.data.decisionDueAt }];
      default:
        return [];
    }
  });
}

/** What the system does when a deadline is due (the command is keyed per appraisal, so a job run twice appends once). */
export interface DeadlineCommand {
  type: 'CloseObjectionWindow' | 'EscalateObjection';
  nip: Deadline['nip'];
  period: Deadline['period'];
}

/** A window's end finalises the appraisal; an objection's due date escalates it to BKPSDM (never decides it). */
export function onDeadlineDue(d: Deadline): DeadlineCommand {
  switch (d.kind) {
    case 'OBJECTION_WINDOW':
      return { type: 'CloseObjectionWindow', nip: d.nip, period: d.period };
    case 'OBJECTION_DECISION':
      return { type: 'EscalateObjection', nip: d.nip, period: d.period };
  }
}
