import { Command, Query } from '@nestjs/cqrs';
import type { Actor, Nip } from '@kinerja/kernel';
import type { Month, OpdId } from '@kinerja/domain/shared';
import type { RekapInput, SlipInput } from '@kinerja/documents';
import type { ReadContext } from '../audit/reads';

// The documents' queries (issue 16): the data a rekap TPP or a slip TPP is rendered from, gathered
// from the payroll read model and the run's stream, and the public verification of a rekap's code.

/** What the rekap TPP of an OPD and month (PDF, .xlsx) is rendered from (`payroll.view` on the run). */
export class GetRekapDocument extends Query<RekapInput> {
  constructor(
    readonly opdId: OpdId,
    readonly month: Month,
    readonly actor: Actor,
    /** The origin the request came to (`https://host`): the verification URL's base when KINERJA_PUBLIC_URL is unset. */
    readonly origin: string,
  ) {
    super();
  }
}

/** What the slip TPP of an employee and month is rendered from (`pay.view`: the employee themself, and the officials who see pay). */
export class GetSlipDocument extends Query<SlipInput> {
  constructor(
    readonly nip: Nip,
    readonly month: Month,
    readonly actor: Actor,
    readonly read?: ReadContext,
  ) {
    super();
  }
}

/** What the public verification page shows of the calculation a code names: no personal data. */
export interface VerificationView {
  /** VALID: the run's current calculation; SUPERSEDED: a calculation the run replaced; RETURNED: the run was returned to draft. */
  result: 'VALID' | 'SUPERSEDED' | 'RETURNED';
  opd: { id: string; name: string };
  month: string;
  status: string;
  /** Of the calculation the code names while it is current; of the current one otherwise (see `result`). */
  lineCount: number;
  totalNet: string;
  disbursed: { sp2dDate: string } | null;
}

/** The calculation a verification code names (404 VERIFICATION_NOT_FOUND for an unknown code). */
export class VerifyRekap extends Query<VerificationView> {
  constructor(readonly code: string) {
    super();
  }
}

/** Counts one public verification look-up of the client address; 429 RATE_LIMITED over the limit. */
export class ThrottleVerification extends Command<void> {
  constructor(readonly clientAddress: string) {
    super();
  }
}
