import type { Nip } from '@kinerja/kernel';
import type { LocalDate } from '../shared';

// Its own module because the command, the event and the history all name it (and the history
// reads the events).

/** Held from `validFrom` (inclusive) until `validUntil` (exclusive; open-ended when absent). */
export interface Assignment {
  assignmentId: string;
  positionId: string;
  nip: Nip;
  acting: boolean;
  /** First day held (TMT). */
  validFrom: LocalDate;
  /** First day no longer held (exclusive); absent while open-ended. */
  validUntil?: LocalDate;
}
