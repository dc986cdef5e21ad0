import fc from 'fast-check';
import { deciderSpec, PROTOTYPE_NAMES } from '@kinerja/kernel/testing';
import { organisationDecider } from './decider';
import { orgHistoryOf } from './history';
import { assignmentOf, positionAsOf, supervisorOf, unitAsOf } from './queries';
import type { OrganisationEvent } from './events';
import { assign, dinkesPeople, dinkesStructure, end, movePosition, moveUnit, NOW, people as P, position, run, unit } from './fixtures';

const given = (events: OrganisationEvent[]) => deciderSpec(organisationDecider).given(events);
const structure = run(dinkesStructure());
const staffed = run(dinkesPeople(), structure);

describe('org units', () => {
  it('creates an OPD with its budget code', () =>
    given([])
      .when(unit('DISDIK', null))
      .then([
        {
          type: 'OrgUnitCreated',
          data: { unitId: 'DISDIK', name: 'DISDIK', parentUnitId: null, budgetCode: 'B-DISDIK', effectiveDate: '2020-01-01', at: NOW },
        },
      ]));

  it('nests a unit under an existing one', () =>
    given(structure)
      .when(unit('DINKES-P2P-SURV', 'DINKES-P2P'))
      .thenMatches((es) => expect(es[0].type).toBe('OrgUnitCreated')));

  it('refuses a parent that does not exist (yet)', () => {
    given([]).when(unit('X', 'NOPE')).thenThrows('UNKNOWN_ORG_UNIT', { unitId: 'NOPE' });
    given(structure)
      .when(unit('X', 'DINKES', { effectiveDate: '2019-12-31' }))
      .thenThrows('UNKNOWN_ORG_UNIT');
  });

  it('refuses an OPD without a budget code, and a budget code on a sub-unit', () => {
    given([])
      .when(unit('X', null, { budgetCode: undefined }))
      .thenThrows('BUDGET_CODE_REQUIRED');
    given(structure)
      .when(unit('X', 'DINKES', { budgetCode: 'B-X' }))
      .thenThrows('BUDGET_CODE_ONLY_FOR_OPD');
  });

  it('refuses a duplicate unit id', () => given(structure).when(unit('DINKES', null)).thenThrows('ORG_UNIT_EXISTS'));

  it('moves a unit inside the tree', () =>
    given(structure)
      .when(moveUnit('DINKES-P2P', 'DINKES-SEKRETARIAT', '2026-07-01'))
      .then([
        { type: 'OrgUnitMoved', data: { unitId: 'DINKES-P2P', parentUnitId: 'DINKES-SEKRETARIAT', effectiveDate: '2026-07-01', at: NOW } },
      ]));

  it('refuses a move that makes a unit its own ancestor', () => {
    const deeper = run([unit('P2P-A', 'DINKES-P2P'), unit('P2P-A-1', 'P2P-A')], structure);
    given(deeper)
      .when(moveUnit('DINKES-P2P', 'P2P-A-1', '2026-07-01'))
      .thenThrows('CYCLE_IN_TREE', { kind: 'unit' });
    given(deeper)
      .when(moveUnit('DINKES-P2P', 'DINKES-P2P', '2026-07-01'))
      .thenThrows('CYCLE_IN_TREE');
  });

  it('refuses a back-dated move that forms a cycle with a later move', () => {
    // From August, SEKRETARIAT sits under P2P; moving P2P under SEKRETARIAT from July closes a loop in August.
    const later = run([moveUnit('DINKES-SEKRETARIAT', 'DINKES-P2P', '2026-08-01')], structure);
    given(later)
      .when(moveUnit('DINKES-P2P', 'DINKES-SEKRETARIAT', '2026-07-01'))
      .thenThrows('CYCLE_IN_TREE', { date: '2026-08-01' });
  });

  it('refuses to move an OPD under another unit', () =>
    given(structure)
      .when(moveUnit('DINKES', 'SETDA', '2026-07-01'))
      .thenThrows('OPD_CANNOT_MOVE'));
});

describe('positions', () => {
  it('creates a position in a unit under an atasan position', () =>
    given(structure)
      .when(position('KASI-SURV', 'DINKES-P2P', 'KABID-P2P', { grade: 9 }))
      .then([
        {
          type: 'PositionCreated',
          data: {
            positionId: 'KASI-SURV',
            unitId: 'DINKES-P2P',
            name: 'KASI-SURV',
            grade: 9,
            parentPositionId: 'KABID-P2P',
            seats: 1,
            effectiveDate: '2020-01-01',
            at: NOW,
          },
        },
      ]));

  it('refuses an unknown unit or atasan position', () => {
    given(structure)
      .when(position('X', 'NOPE', null))
      .thenThrows('UNKNOWN_ORG_UNIT');
    given(structure)
      .when(position('X', 'DINKES', 'NOPE'))
      .thenThrows('UNKNOWN_POSITION', { positionId: 'NOPE' });
  });

  it('refuses a grade outside 1..17 and zero seats', () => {
    given(structure)
      .when(position('X', 'DINKES', null, { grade: 18 }))
      .thenThrows('INVALID_POSITION_GRADE');
    given(structure)
      .when(position('X', 'DINKES', null, { seats: 0 }))
      .thenThrows('INVALID_SEATS');
  });

  it('refuses a shared (multi-seat) position as an atasan', () =>
    given(structure)
      .when(position('X', 'DINKES-P2P', 'ANALIS-P2P'))
      .thenThrows('SUPERVISOR_POSITION_SHARED'));

  it('refuses a duplicate position id', () =>
    given(structure)
      .when(position('KADIS', 'DINKES', 'SEKDA'))
      .thenThrows('POSITION_EXISTS'));

  it('refuses to put a position under its own subordinate', () =>
    given(structure)
      .when(movePosition('KADIS', 'DINKES', 'KABID-P2P', '2026-03-01'))
      .thenThrows('CYCLE_IN_TREE', { kind: 'position' }));

  it('moves a position under another atasan', () =>
    given(structure)
      .when(movePosition('KABID-P2P', 'DINKES-P2P', 'SEKRETARIS', '2026-03-01'))
      .thenMatches((es) => expect(es).toEqual([expect.objectContaining({ type: 'PositionMoved' })])));
});

describe('assignments', () => {
  it('places a definitive holder', () =>
    given(structure)
      .when(assign('a1', 'KADIS', P.KADIS, '2026-01-01', { reason: 'SK 821/1' }))
      .then([
        {
          type: 'HolderAssigned',
          data: {
            assignmentId: 'a1',
            positionId: 'KADIS',
            nip: P.KADIS,
            acting: false,
            validFrom: '2026-01-01',
            at: NOW,
            reason: 'SK 821/1',
          },
        },
      ]));

  it('refuses a second definitive holder of a one-seat position at the same time', () =>
    given(staffed)
      .when(assign('a2', 'KADIS', P.KADIS_NEW, '2026-03-15'))
      .thenThrows('POSITION_OCCUPIED', { positionId: 'KADIS', holders: [P.KADIS] }));

  it('takes a successor once the predecessor ends the day before', () => {
    const ended = run([end('a-kadis', '2026-03-15')], staffed);
    given(ended)
      .when(assign('a2', 'KADIS', P.KADIS_NEW, '2026-03-15'))
      .thenMatches((es) => expect(es).toHaveLength(1));
    given(ended)
      .when(assign('a2', 'KADIS', P.KADIS_NEW, '2026-03-14'))
      .thenThrows('POSITION_OCCUPIED');
  });

  it('fills the seats of a staff position, then refuses one more', () => {
    const full = run([assign('a-3', 'ANALIS-P2P', P.OTHER, '2026-02-01')], staffed);
    given(full)
      .when(assign('a-4', 'ANALIS-P2P', P.KADIS_NEW, '2026-06-01'))
      .thenThrows('POSITION_OCCUPIED', { seats: 3 });
  });

  it('refuses a later-starting holder whose period is full only after it starts', () => {
    // Seats 3: two holders now; a third from June; a fourth from May is fine in May but not in June.
    const june = run([assign('a-3', 'ANALIS-P2P', P.OTHER, '2026-06-01')], staffed);
    given(june)
      .when(assign('a-4', 'ANALIS-P2P', P.KADIS_NEW, '2026-05-01'))
      .thenThrows('POSITION_OCCUPIED', { date: '2026-06-01' });
    given(june)
      .when(assign('a-4', 'ANALIS-P2P', P.KADIS_NEW, '2026-05-01', { validUntil: '2026-06-01' }))
      .thenMatches((es) => expect(es).toHaveLength(1));
  });

  it('refuses two Plt of one position at once', () => {
    const plt = run([assign('p1', 'KADIS', P.KABID, '2026-02-01', { acting: true, validUntil: '2026-05-01' })], staffed);
    given(plt)
      .when(assign('p2', 'KADIS', P.SEKRETARIS, '2026-04-01', { acting: true }))
      .thenThrows('ACTING_OVERLAP');
  });

  it('refuses a second definitive position for one person, but allows a Plt beside it', () => {
    given(staffed)
      .when(assign('x', 'ANALIS-P2P', P.KABID, '2026-06-01'))
      .thenThrows('HOLDER_ALREADY_PLACED', { positionId: 'KABID-P2P' });
    given(staffed)
      .when(assign('x', 'KADIS', P.KABID, '2026-06-01', { acting: true }))
      .thenMatches((es) => expect(es).toHaveLength(1));
    given(staffed)
      .when(assign('x', 'KABID-P2P', P.KABID, '2026-06-01', { acting: true }))
      .thenThrows('HOLDER_ALREADY_PLACED');
  });

  it('refuses an assignment that ends before it starts', () => {
    given(structure)
      .when(assign('a', 'KADIS', P.KADIS, '2026-03-01', { validUntil: '2026-03-01' }))
      .thenThrows('ASSIGNMENT_DATES_INVALID');
    given(staffed).when(end('a-kadis', '2025-12-31')).thenThrows('ASSIGNMENT_DATES_INVALID');
  });

  it('refuses a position before it exists and an unknown position', () => {
    given(structure)
      .when(assign('a', 'KADIS', P.KADIS, '2019-06-01'))
      .thenThrows('UNKNOWN_POSITION');
    given(structure)
      .when(assign('a', 'NOPE', P.KADIS, '2026-01-01'))
      .thenThrows('UNKNOWN_POSITION');
  });

  it('refuses an invalid NIP, a bad date and a duplicate assignment id', () => {
    given(structure)
      .when(assign('a', 'KADIS', '123', '2026-01-01'))
      .thenThrows('INVALID_NIP', { reason: 'WRONG_LENGTH' });
    given(structure)
      .when(assign('a', 'KADIS', P.KADIS, '2026-13-01'))
      .thenThrows('INVALID_DATE');
    given(staffed)
      .when(assign('a-kadis', 'SEKRETARIS', P.OTHER, '2027-01-01'))
      .thenThrows('ASSIGNMENT_EXISTS');
  });

  it('refuses to end an unknown assignment', () => given(staffed).when(end('nope', '2026-05-01')).thenThrows('UNKNOWN_ASSIGNMENT'));

  it('refuses to extend an assignment into its successor', () => {
    const succession = run([end('a-kadis', '2026-03-15'), assign('a2', 'KADIS', P.KADIS_NEW, '2026-03-15')], staffed);
    given(succession).when(end('a-kadis', '2026-04-01')).thenThrows('POSITION_OCCUPIED');
    given(succession)
      .when(end('a-kadis', '2026-03-10'))
      .thenMatches((es) => expect(es).toHaveLength(1));
    given(succession).when(end('a-kadis', '2026-03-15')).then([]);
  });
});

describe('ids that are names of Object.prototype', () => {
  // Before the history's indexes were Maps, `constructor` found Object's own function: the move
  // commands threw "versions is not iterable" and ending the assignment `constructor` was accepted.
  const name = fc.constantFrom(...PROTOTYPE_NAMES);

  it('are no unit, position or assignment of a history that never had them', () =>
    fc.assert(
      fc.property(name, (id) => {
        given(staffed)
          .when(moveUnit(id, 'DINKES', '2026-07-01'))
          .thenThrows('UNKNOWN_ORG_UNIT', { unitId: id });
        given(staffed)
          .when(moveUnit('DINKES-P2P', id, '2026-07-01'))
          .thenThrows('UNKNOWN_ORG_UNIT', { unitId: id });
        given(staffed)
          .when(movePosition(id, 'DINKES-P2P', 'KADIS', '2026-07-01'))
          .thenThrows('UNKNOWN_POSITION', { positionId: id });
        given(staffed)
          .when(movePosition('ANALIS-P2P', 'DINKES-P2P', id, '2026-07-01'))
          .thenThrows('UNKNOWN_POSITION', { positionId: id });
        given(staffed)
          .when(position('X', id, null))
          .thenThrows('UNKNOWN_ORG_UNIT', { unitId: id });
        given(staffed)
          .when(assign('x', id, P.OTHER, '2026-07-01'))
          .thenThrows('UNKNOWN_POSITION', { positionId: id });
        given(staffed).when(end(id, '2026-07-01')).thenThrows('UNKNOWN_ASSIGNMENT', { assignmentId: id });
        const h = orgHistoryOf(staffed);
        expect([
          unitAsOf(id, '2026-07-01', h),
          positionAsOf(id, '2026-07-01', h),
          assignmentOf(id, '2026-07-01', h),
          supervisorOf(id, '2026-07-01', h),
        ]).toEqual([undefined, undefined, undefined, undefined]);
      }),
    ));

  it('are ordinary ids once created: a unit, a position and an assignment named so are found and moved', () =>
    fc.assert(
      fc.property(name, (id) => {
        const events = run(
          [unit(id, 'DINKES'), position(id, id, 'KADIS'), assign(id, id, P.OTHER, '2026-01-01'), end(id, '2026-07-01')],
          staffed,
        );
        const h = orgHistoryOf(events);
        expect(unitAsOf(id, '2026-03-01', h)).toMatchObject({ parentUnitId: 'DINKES' });
        expect(supervisorOf(P.OTHER, '2026-03-01', h)).toMatchObject({ nip: P.KADIS });
        expect(assignmentOf(P.OTHER, '2026-07-01', h)).toBeUndefined();
        given(events)
          .when(moveUnit(id, 'DINKES-P2P', '2026-08-01'))
          .thenMatches((es) => expect(es[0].type).toBe('OrgUnitMoved'));
        // Object.prototype itself is untouched by a history that holds such ids.
        expect(Object.getOwnPropertyNames(Object.prototype)).toEqual(PROTOTYPE_NAMES);
      }),
    ));
});
