import { conflict, Decider } from '@kinerja/kernel';
import type { AuditSealed, SealFields } from './events';

export interface RecordSeal {
  type: 'RecordSeal';
  fields: SealFields;
  signature: string;
}

export interface SealState {
  /** Every seal made, in order. */
  seals: AuditSealed['data'][];
}

export const initialSealState = (): SealState => ({ seals: [] });

export function evolveSeal(state: SealState, event: AuditSealed): SealState {
  return { seals: [...state.seals, event.data] };
}

/** The next seal number: the one the handler signs before it records the seal. */
export const nextSealNumber = (state: SealState) => state.seals.length + 1;

/**
 * Records a seal the handler computed and signed. Its number is signed with it, so a seal made by
 * someone else in between takes the number: refused (the handler signs again with the next one).
 */
export function decideSeal(cmd: RecordSeal, state: SealState): AuditSealed[] {
  if (cmd.fields.seal !== nextSealNumber(state))
    throw conflict('SEAL_NUMBER_TAKEN', `seal ${cmd.fields.seal} was made already; the next is ${nextSealNumber(state)}`, {
      seal: cmd.fields.seal,
      next: nextSealNumber(state),
    });
  return [{ type: 'AuditSealed', data: { ...cmd.fields, signature: cmd.signature } }];
}

export const sealDecider: Decider<RecordSeal, AuditSealed, SealState> = {
  decide: decideSeal,
  evolve: evolveSeal,
  initialState: initialSealState,
};
