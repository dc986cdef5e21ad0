import { Inject } from '@nestjs/common';
import type { Actor, Instant } from '@kinerja/kernel';
import { localDateOf } from '@kinerja/domain/shared';
import { ApplicationHandler } from '../handler';
import { AppraisalReads } from './reads';

// What the appraisal area's command and query handlers share: the reads of AppraisalReads (which
// appends nothing), the people (the one access policy), the store and the Pemda's calendar.

/** The actor of the timers' commands. */
export const SYSTEM: Actor = { userId: 'system:appraisal-timers', roles: [] };

export abstract class AppraisalHandler extends ApplicationHandler {
  constructor(@Inject(AppraisalReads) protected readonly appraisals: AppraisalReads) {
    super();
  }

  protected get people() {
    return this.appraisals.people;
  }

  protected get store() {
    return this.appraisals.store;
  }

  protected localToday(now: Instant) {
    return localDateOf(now, this.appraisals.timeZone);
  }
}
