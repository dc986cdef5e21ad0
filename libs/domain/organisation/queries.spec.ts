import { generateNips } from '@kinerja/kernel';
import { assign, dinkesPeople, dinkesStructure, end, movePosition, people as P, position, run } from './fixtures';
import { orgHistoryOf } from './history';
import {
  directReportsOf,
  isOpd,
  positionChildrenOn,
  opdOfEmployee,
  orgChartAsOf,
  positionOf,
  raterSupervisorOf,
  supervisorOf,
} from './queries';
import { organisationDecider } from './decider';
import type { OrganisationEvent } from './events';

const staffed = run([...dinkesStructure(), ...dinkesPeople()]);

describe('isOpd', () => {
  it('is a root unit of the history; not a unit inside an OPD, an unknown id, or a name of Object.prototype', () => {
    const h = orgHistoryOf(staffed);
    expect(['DINKES', 'SETDA', 'DINKES-P2P', 'NOPE', 'constructor', '__proto__', 'toString'].filter((id) => isOpd(id, h))).toEqual([
      'DINKES',
      'SETDA',
    ]);
  });
});

describe('supervisorOf', () => {
  const h = orgHistoryOf(staffed);

  it('is the holder of the atasan position', () => {
    expect(supervisorOf(P.ANALIS, '2026-02-10', h)).toEqual({
      nip: P.KABID,
      positionId: 'KABID-P2P',
      acting: false,
      assignmentId: 'a-kabid',
    });
    expect(supervisorOf(P.KABID, '2026-02-10', h)?.nip).toBe(P.KADIS);
    expect(supervisorOf(P.KADIS, '2026-02-10', h)?.nip).toBe(P.SEKDA);
  });

  it('is undefined for someone not placed then, and at the top', () => {
    expect(supervisorOf(P.ANALIS, '2025-12-31', h)).toBeUndefined();
    expect(supervisorOf(P.OTHER, '2026-02-10', h)).toBeUndefined();
    expect(supervisorOf(P.SEKDA, '2026-02-10', h)).toBeUndefined();
  });

  describe('a reassignment in the middle of a period', () => {
    // The Kabid P2P is replaced from 15 March: March is rated by two different people's periods.
    const h2 = orgHistoryOf(run([end('a-kabid', '2026-03-15'), assign('a-kabid2', 'KABID-P2P', P.KABID2, '2026-03-15')], staffed));

    it('gives the old supervisor before and the new one from the TMT on', () => {
      expect(supervisorOf(P.ANALIS, '2026-03-01', h2)?.nip).toBe(P.KABID);
      expect(supervisorOf(P.ANALIS, '2026-03-14', h2)?.nip).toBe(P.KABID);
      expect(supervisorOf(P.ANALIS, '2026-03-15', h2)?.nip).toBe(P.KABID2);
      expect(supervisorOf(P.ANALIS, '2026-03-31', h2)?.nip).toBe(P.KABID2);
    });

    it('does not depend on the order the decrees were recorded in', () => {
      // The successor's decree recorded first, with the predecessor already ended, as a later import might.
      const shuffled = run([end('a-kabid', '2026-03-15')], staffed);
      const h3 = orgHistoryOf(run([assign('a-kabid2', 'KABID-P2P', P.KABID2, '2026-03-15')], shuffled));
      expect(supervisorOf(P.ANALIS, '2026-03-14', h3)?.nip).toBe(P.KABID);
      expect(supervisorOf(P.ANALIS, '2026-03-15', h3)?.nip).toBe(P.KABID2);
    });
  });

  describe('an acting supervisor (Plt)', () => {
    // The Kadis is away from April to June; the Sekretaris is Plt Kadis meanwhile.
    const h2 = orgHistoryOf(run([assign('plt', 'KADIS', P.SEKRETARIS, '2026-04-01', { acting: true, validUntil: '2026-07-01' })], staffed));

    it('gives the Plt while assigned, the definitive holder before and after', () => {
      expect(supervisorOf(P.KABID, '2026-03-31', h2)).toMatchObject({ nip: P.KADIS, acting: false });
      expect(supervisorOf(P.KABID, '2026-04-01', h2)).toEqual({
        nip: P.SEKRETARIS,
        positionId: 'KADIS',
        acting: true,
        assignmentId: 'plt',
      });
      expect(supervisorOf(P.KABID, '2026-06-30', h2)?.nip).toBe(P.SEKRETARIS);
      expect(supervisorOf(P.KABID, '2026-07-01', h2)?.nip).toBe(P.KADIS);
    });

    it('never makes the Plt their own supervisor: the post above theirs goes up a level', () => {
      expect(supervisorOf(P.SEKRETARIS, '2026-05-01', h2)).toMatchObject({ nip: P.SEKDA, positionId: 'SEKDA' });
      expect(supervisorOf(P.SEKRETARIS, '2026-03-01', h2)?.nip).toBe(P.KADIS);
    });

    it('gives the Plt of a vacant post', () => {
      const vacant = run([end('a-kadis', '2026-04-01'), assign('plt', 'KADIS', P.PLT, '2026-04-01', { acting: true })], staffed);
      expect(supervisorOf(P.KABID, '2026-04-02', orgHistoryOf(vacant))).toMatchObject({ nip: P.PLT, acting: true });
    });
  });

  it('goes up a level past a vacant post with no Plt', () => {
    const vacant = orgHistoryOf(run([end('a-kabid', '2026-04-01')], staffed));
    expect(supervisorOf(P.ANALIS, '2026-04-01', vacant)).toMatchObject({ nip: P.KADIS, positionId: 'KADIS' });
  });

  it('follows a position moved under another atasan from its effective date', () => {
    const moved = orgHistoryOf(run([movePosition('KABID-P2P', 'DINKES-P2P', 'SEKRETARIS', '2026-05-01')], staffed));
    expect(supervisorOf(P.KABID, '2026-04-30', moved)?.nip).toBe(P.KADIS);
    expect(supervisorOf(P.KABID, '2026-05-01', moved)?.nip).toBe(P.SEKRETARIS);
  });
});

describe('raterSupervisorOf (atasan pejabat penilai)', () => {
  const h = orgHistoryOf(staffed);

  it('is the supervisor of the supervisor', () => {
    expect(raterSupervisorOf(P.ANALIS, '2026-02-10', h)).toMatchObject({ nip: P.KADIS, positionId: 'KADIS' });
    expect(raterSupervisorOf(P.KABID, '2026-02-10', h)).toMatchObject({ nip: P.SEKDA });
    expect(raterSupervisorOf(P.KADIS, '2026-02-10', h)).toBeUndefined();
  });

  it('is taken from the post the rater acts in, not the rater’s own post', () => {
    // The Kabid is Plt Kadis: the Sekretaris's rater is the Kabid (as Plt Kadis), and
    // the objection goes above the Kadis post (Sekda), not to the Kabid's own atasan.
    const h2 = orgHistoryOf(run([assign('plt', 'KADIS', P.KABID, '2026-04-01', { acting: true })], staffed));
    expect(supervisorOf(P.SEKRETARIS, '2026-04-10', h2)).toMatchObject({ nip: P.KABID, positionId: 'KADIS', acting: true });
    expect(raterSupervisorOf(P.SEKRETARIS, '2026-04-10', h2)).toMatchObject({ nip: P.SEKDA, positionId: 'SEKDA' });
    // The Analis's rater is the Kabid; the Kabid's atasan post is exercised by the Kabid himself (as Plt), so it goes to the Sekda.
    expect(raterSupervisorOf(P.ANALIS, '2026-04-10', h2)).toMatchObject({ nip: P.SEKDA });
  });

  it('changes with a reassignment of the rater’s supervisor', () => {
    const h2 = orgHistoryOf(run([end('a-kadis', '2026-03-15'), assign('k2', 'KADIS', P.KADIS_NEW, '2026-03-15')], staffed));
    expect(raterSupervisorOf(P.ANALIS, '2026-03-14', h2)?.nip).toBe(P.KADIS);
    expect(raterSupervisorOf(P.ANALIS, '2026-03-15', h2)?.nip).toBe(P.KADIS_NEW);
  });
});

describe('other queries', () => {
  const h = orgHistoryOf(staffed);

  it('finds a person’s position and OPD', () => {
    expect(positionOf(P.ANALIS, '2026-02-01', h)).toBe('ANALIS-P2P');
    expect(opdOfEmployee(P.ANALIS, '2026-02-01', h)).toBe('DINKES');
    expect(opdOfEmployee(P.SEKDA, '2026-02-01', h)).toBe('SETDA');
    expect(opdOfEmployee(P.OTHER, '2026-02-01', h)).toBeUndefined();
  });

  it('lists direct reports', () => {
    expect(directReportsOf(P.KABID, '2026-02-01', h)).toEqual([P.ANALIS, P.ANALIS2].sort());
    expect(directReportsOf(P.KADIS, '2026-02-01', h)).toEqual([P.SEKRETARIS, P.KABID].sort());
  });

  it('lists as direct reports exactly those whose supervisor the person is: through a Plt, vacant posts, ended assignments and moved posts', () => {
    const histories = [
      staffed,
      run([assign('plt', 'KADIS', P.SEKRETARIS, '2026-04-01', { acting: true, validUntil: '2026-07-01' })], staffed),
      run([assign('plt', 'KADIS', P.KABID, '2026-04-01', { acting: true })], staffed),
      run([end('a-kadis', '2026-04-01'), assign('plt', 'KADIS', P.PLT, '2026-04-01', { acting: true })], staffed),
      run([end('a-kabid', '2026-04-01')], staffed),
      run([movePosition('KABID-P2P', 'DINKES-P2P', 'SEKRETARIS', '2026-05-01')], staffed),
    ].map(orgHistoryOf);
    const everyone = Object.values(P);
    for (const hist of histories)
      for (const date of ['2020-01-01', '2026-02-01', '2026-04-01', '2026-05-01', '2026-06-30', '2026-07-01']) {
        // The index of the day built once, as the org history reader keeps it: the same answers.
        const children = positionChildrenOn(date, hist);
        for (const nip of everyone) {
          // The definition: ask everyone who holds a post that day who their supervisor is.
          const asked = everyone.filter((p) => supervisorOf(p, date, hist)?.nip === nip).sort();
          expect({ nip, date, reports: directReportsOf(nip, date, hist) }).toEqual({ nip, date, reports: asked });
          expect({ nip, date, reports: directReportsOf(nip, date, hist, children) }).toEqual({ nip, date, reports: asked });
        }
      }
  });

  it('gives the org chart as of a date', () => {
    const chart = orgChartAsOf('2026-02-01', h);
    expect(chart.opds.map((o) => o.unitId)).toEqual(['DINKES', 'SETDA']);
    const dinkes = chart.opds[0];
    expect(dinkes.budgetCode).toBe('B-DINKES');
    expect(dinkes.children.map((u) => u.unitId)).toEqual(['DINKES-P2P', 'DINKES-SEKRETARIAT']);
    const p2p = dinkes.children[0];
    expect(p2p.positions.map((p) => [p.positionId, p.holders.length])).toEqual([
      ['ANALIS-P2P', 2],
      ['KABID-P2P', 1],
    ]);
    // before anyone was placed: the structure, no holders
    const empty = orgChartAsOf('2025-06-01', h);
    expect(empty.opds[0].positions[0].holders).toEqual([]);
    expect(orgChartAsOf('2019-01-01', h).opds).toEqual([]);
  });

  it('folds the same history with the linear loader and with the pure evolve', () => {
    expect(orgHistoryOf(staffed)).toEqual(staffed.reduce(organisationDecider.evolve, organisationDecider.initialState()));
  });

  it('finds the supervisor among 5,000 staff of one position', () => {
    const nips = generateNips(5000, 99);
    const big: OrganisationEvent[] = nips.map((nip, i) => ({
      type: 'HolderAssigned',
      data: {
        assignmentId: `b${i}`,
        positionId: 'ANALIS-BIG',
        nip,
        acting: false,
        validFrom: '2026-01-01',
        at: '2026-01-01T00:00:00+07:00',
      },
    }));
    const h2 = orgHistoryOf([...run([position('ANALIS-BIG', 'DINKES-P2P', 'KABID-P2P', { seats: 6000 })], staffed), ...big]);
    expect(supervisorOf(nips[4999], '2026-03-01', h2)?.nip).toBe(P.KABID);
    // the decider still checks a 5,001st placement against all of them
    expect(organisationDecider.decide(assign('b-new', 'ANALIS-BIG', P.OTHER, '2026-03-01'), h2)).toHaveLength(1);
  });
});
