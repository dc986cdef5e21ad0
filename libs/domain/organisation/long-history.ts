import { generateNips, Nip } from '@kinerja/kernel';
import type { LocalDate } from '../shared';
import type { OrganisationEvent } from './events';

/**
 * Test and bench support (issue 17): the organisation stream of a Pemda of `employees` over `years`,
 * generated directly (no decider: tens of thousands of events in milliseconds) yet consistent, so
 * that the decider accepts commands on top of it. 40 OPDs of 5 units each; a head position per unit
 * and one staff position per employee; everyone placed on the first day; then every year a fifth of
 * the employees swap positions pairwise (two ends and two placements each), a unit moves and a
 * position moves. 10,000 employees over five years: about 41,000 events.
 */
export function longOrganisationHistory(employees: number, years: number, seed = 7): { events: OrganisationEvent[]; nips: Nip[] } {
  const at = '2021-01-04T08:00:00+07:00';
  const events: OrganisationEvent[] = [];
  const opds = 40;
  const unitsPer = 5;
  const units: string[] = [];
  const heads: string[] = [];
  for (let o = 0; o < opds; o++) {
    const opd = `OPD-${o}`;
    events.push({
      type: 'OrgUnitCreated',
      data: { unitId: opd, name: `Dinas ${o}`, parentUnitId: null, budgetCode: `1.${o}.01`, effectiveDate: '2021-01-01', at },
    });
    for (let u = 1; u < unitsPer; u++)
      events.push({
        type: 'OrgUnitCreated',
        data: { unitId: `${opd}-U${u}`, name: `Bidang ${o}.${u}`, parentUnitId: opd, effectiveDate: '2021-01-01', at },
      });
  }
  for (let o = 0; o < opds; o++)
    for (let u = 0; u < unitsPer; u++) {
      const unitId = u === 0 ? `OPD-${o}` : `OPD-${o}-U${u}`;
      const head = `JAB-${o}-${u}-KEPALA`;
      units.push(unitId);
      heads.push(head);
      events.push({
        type: 'PositionCreated',
        data: {
          positionId: head,
          unitId,
          name: `Kepala ${unitId}`,
          grade: u === 0 ? 14 : 11,
          parentPositionId: u === 0 ? null : `JAB-${o}-0-KEPALA`,
          seats: 1,
          effectiveDate: '2021-01-01',
          at,
        },
      });
    }
  const nips = generateNips(employees, seed);
  const positionOf: string[] = [];
  const assignmentOf: string[] = [];
  const lastMoved: LocalDate[] = [];
  let assignments = 0;
  const place = (i: number, positionId: string, validFrom: LocalDate) => {
    const assignmentId = `A-${++assignments}`;
    events.push({ type: 'HolderAssigned', data: { assignmentId, positionId, nip: nips[i], acting: false, validFrom, at } });
    positionOf[i] = positionId;
    assignmentOf[i] = assignmentId;
  };
  for (let i = 0; i < employees; i++) {
    const u = i % units.length;
    const positionId = `JAB-S-${i}`;
    events.push({
      type: 'PositionCreated',
      data: {
        positionId,
        unitId: units[u],
        name: `Staf ${i}`,
        grade: 5 + (i % 6),
        parentPositionId: heads[u],
        seats: 1,
        effectiveDate: '2021-01-01',
        at,
      },
    });
  }
  for (let i = 0; i < employees; i++) place(i, `JAB-S-${i}`, '2021-01-01');
  let rnd = seed;
  const next = () => (rnd = (rnd * 1103515245 + 12345) % 2147483648);
  for (let y = 0; y < years; y++) {
    const year = 2021 + y;
    const swaps = Math.floor(employees / 7);
    for (let s = 0; s < swaps; s++) {
      const a = next() % employees;
      const b = next() % employees;
      if (a === b) continue;
      const month = String(1 + (s % 12)).padStart(2, '0');
      const day = String(2 + (Math.floor(s / 12) % 26)).padStart(2, '0');
      const date = `${year}-${month}-${day}` as LocalDate;
      // Dates within a year are not in order across swaps: end and place each pair on one day, and
      // never move a person twice on a day before their last placement (a swap is skipped then).
      if (lastMoved[a] !== undefined && lastMoved[a] >= date) continue;
      if (lastMoved[b] !== undefined && lastMoved[b] >= date) continue;
      events.push({ type: 'AssignmentEnded', data: { assignmentId: assignmentOf[a], validUntil: date, at } });
      events.push({ type: 'AssignmentEnded', data: { assignmentId: assignmentOf[b], validUntil: date, at } });
      const pa = positionOf[a];
      place(a, positionOf[b], date);
      place(b, pa, date);
      lastMoved[a] = lastMoved[b] = date;
    }
    const o = y % opds;
    events.push({ type: 'OrgUnitMoved', data: { unitId: `OPD-${o}-U2`, parentUnitId: `OPD-${o}-U1`, effectiveDate: `${year}-07-01`, at } });
    events.push({
      type: 'PositionMoved',
      data: {
        positionId: `JAB-${o}-2-KEPALA`,
        unitId: `OPD-${o}-U2`,
        parentPositionId: `JAB-${o}-1-KEPALA`,
        effectiveDate: `${year}-07-01`,
        at,
      },
    });
  }
  return { events, nips };
}
