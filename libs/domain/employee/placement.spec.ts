import fc from 'fast-check';
import { isKinerjaError } from '@kinerja/kernel';
import { PROTOTYPE_NAMES } from '@kinerja/kernel/testing';
import { orgHistoryOf } from '../organisation';
import { dinkesStructure, run } from '../organisation/fixtures';
import type { EmployeeCommand } from './commands';
import { assertKnownPlacement } from './placement';

const h = orgHistoryOf(run(dinkesStructure()));
const base = {
  nip: '198503122010011002',
  effectiveDate: '2026-02-01',
  by: { userId: 'u-admin', roles: ['admin_kepegawaian'] },
  now: '2026-02-01T09:00:00+07:00',
};
const toPosition = (positionId: string) => ({ ...base, type: 'ChangePosition', positionId, positionGrade: 8 }) as EmployeeCommand;
const toOpd = (orgUnitId: string) => ({ ...base, type: 'TransferOrgUnit', orgUnitId }) as EmployeeCommand;

function codeOf(f: () => void): string | undefined {
  try {
    f();
    return undefined;
  } catch (e) {
    if (!isKinerjaError(e)) throw e;
    return e.code;
  }
}

// Ids nobody created, many of them looking like real ones: a prototype name, a real id with a
// control, zero-width or right-to-left character in it, or any string at all.
const lookalike = (real: string) =>
  fc.oneof(
    fc.constantFrom(...PROTOTYPE_NAMES),
    fc
      .tuple(fc.nat(real.length), fc.constantFrom('\u0000', '\u0007', '\u200b', '\u200d', '\u202e', '\u2067', '\ufeff'))
      .map(([i, c]) => real.slice(0, i) + c + real.slice(i)),
    fc.string({ minLength: 1 }).filter((s) => !h.units.has(s) && !h.positions.has(s)),
  );

describe('assertKnownPlacement', () => {
  it('accepts a position and an OPD the organisation has on the effective date', () => {
    expect(codeOf(() => assertKnownPlacement(toPosition('ANALIS-P2P'), h))).toBeUndefined();
    expect(codeOf(() => assertKnownPlacement(toOpd('DINKES'), h))).toBeUndefined();
  });

  it('refuses a position or an OPD nobody created', () =>
    fc.assert(
      fc.property(lookalike('ANALIS-P2P'), lookalike('DINKES'), (positionId, opdId) => {
        expect(codeOf(() => assertKnownPlacement(toPosition(positionId), h))).toBe('UNKNOWN_POSITION');
        expect(codeOf(() => assertKnownPlacement(toOpd(opdId), h))).toBe('UNKNOWN_OPD');
      }),
    ));

  it('refuses a unit below an OPD as the OPD, and ids that exist only later', () => {
    expect(codeOf(() => assertKnownPlacement(toOpd('DINKES-P2P'), h))).toBe('UNKNOWN_OPD');
    expect(codeOf(() => assertKnownPlacement({ ...toOpd('DINKES'), effectiveDate: '2019-12-31' } as EmployeeCommand, h))).toBe(
      'UNKNOWN_OPD',
    );
    expect(codeOf(() => assertKnownPlacement({ ...toPosition('ANALIS-P2P'), effectiveDate: '2019-12-31' } as EmployeeCommand, h))).toBe(
      'UNKNOWN_POSITION',
    );
  });
});
