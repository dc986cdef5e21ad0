import { Actor, generateNips } from '@kinerja/kernel';
import type { OrganisationCommand } from './commands';
import { organisationDecider } from './decider';
import type { OrganisationEvent } from './events';

/** Test and demo helpers: a small Pemda built through the decider itself. */
export const bkpsdm: Actor = { userId: 'u-bkpsdm', roles: ['admin_kepegawaian'] };
export const NOW = '2026-01-05T08:00:00+07:00';

type Cmd<T extends OrganisationCommand['type']> = Omit<Extract<OrganisationCommand, { type: T }>, 'type' | 'by' | 'now'>;
/** A command as the fixtures write it: by BKPSDM, at NOW. */
type Unstamped<C> = C extends unknown ? Omit<C, 'by' | 'now'> : never;
const c = (data: Unstamped<OrganisationCommand>): OrganisationCommand => {
  const cmd = { by: bkpsdm, now: NOW, ...data };
  return cmd;
};

export const unit = (unitId: string, parentUnitId: string | null, extra: Partial<Cmd<'CreateOrgUnit'>> = {}) =>
  c({
    type: 'CreateOrgUnit',
    unitId,
    name: unitId,
    parentUnitId,
    effectiveDate: '2020-01-01',
    ...(parentUnitId === null ? { budgetCode: `B-${unitId}` } : {}),
    ...extra,
  });
export const position = (positionId: string, unitId: string, parentPositionId: string | null, extra: Partial<Cmd<'CreatePosition'>> = {}) =>
  c({ type: 'CreatePosition', positionId, unitId, name: positionId, grade: 9, parentPositionId, effectiveDate: '2020-01-01', ...extra });
export const assign = (
  assignmentId: string,
  positionId: string,
  nip: string,
  validFrom: string,
  extra: Partial<Cmd<'AssignHolder'>> = {},
) => c({ type: 'AssignHolder', assignmentId, positionId, nip, acting: false, validFrom, ...extra });
export const end = (assignmentId: string, validUntil: string) => c({ type: 'EndAssignment', assignmentId, validUntil });
export const moveUnit = (unitId: string, parentUnitId: string, effectiveDate: string) =>
  c({ type: 'MoveOrgUnit', unitId, parentUnitId, effectiveDate });
export const movePosition = (positionId: string, unitId: string, parentPositionId: string | null, effectiveDate: string) =>
  c({ type: 'MovePosition', positionId, unitId, parentPositionId, effectiveDate });

/** Runs commands through decide/evolve and returns the events; throws on the first refusal. */
export function run(commands: OrganisationCommand[], given: OrganisationEvent[] = []): OrganisationEvent[] {
  let state = given.reduce(organisationDecider.evolve, organisationDecider.initialState());
  const out = [...given];
  for (const cmd of commands) {
    for (const e of organisationDecider.decide(cmd, state)) {
      state = organisationDecider.evolve(state, e);
      out.push(e);
    }
  }
  return out;
}

const [SEKDA, KADIS, SEKRETARIS, KABID, KABID2, ANALIS, ANALIS2, PLT, KADIS_NEW, OTHER] = generateNips(10, 2026);
export const people = { SEKDA, KADIS, SEKRETARIS, KABID, KABID2, ANALIS, ANALIS2, PLT, KADIS_NEW, OTHER };

/**
 * Setda (Sekda) above Dinas Kesehatan: Kadis -> Sekretaris, Kadis -> Kabid P2P -> Analis (3 seats).
 * Everyone placed from 2026-01-01.
 */
export const dinkesStructure = (): OrganisationCommand[] => [
  unit('SETDA', null),
  unit('DINKES', null),
  unit('DINKES-SEKRETARIAT', 'DINKES'),
  unit('DINKES-P2P', 'DINKES'),
  position('SEKDA', 'SETDA', null, { grade: 17 }),
  position('KADIS', 'DINKES', 'SEKDA', { grade: 15 }),
  position('SEKRETARIS', 'DINKES-SEKRETARIAT', 'KADIS', { grade: 12 }),
  position('KABID-P2P', 'DINKES-P2P', 'KADIS', { grade: 12 }),
  position('ANALIS-P2P', 'DINKES-P2P', 'KABID-P2P', { grade: 8, seats: 3 }),
];

export const dinkesPeople = (): OrganisationCommand[] => [
  assign('a-sekda', 'SEKDA', SEKDA, '2026-01-01'),
  assign('a-kadis', 'KADIS', KADIS, '2026-01-01'),
  assign('a-sekretaris', 'SEKRETARIS', SEKRETARIS, '2026-01-01'),
  assign('a-kabid', 'KABID-P2P', KABID, '2026-01-01'),
  assign('a-analis', 'ANALIS-P2P', ANALIS, '2026-01-01'),
  assign('a-analis2', 'ANALIS-P2P', ANALIS2, '2026-01-01'),
];
