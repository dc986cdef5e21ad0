import { KinerjaError } from '@kinerja/kernel';
import type { ExpectedVersion } from './port';

export class WrongExpectedVersion extends KinerjaError {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedVersion,
    readonly actual: number,
  ) {
    super('WRONG_EXPECTED_VERSION', `stream ${streamId} is at version ${actual}, expected ${String(expected)}`, 'CONFLICT', {
      streamId,
      expectedVersion: expected,
      currentVersion: actual,
    });
    this.name = 'WrongExpectedVersion';
  }
}

export function isWrongExpectedVersion(e: unknown): e is WrongExpectedVersion {
  return e instanceof KinerjaError && e.code === 'WRONG_EXPECTED_VERSION';
}

/** Stream ids are `<Type>-<id>`: the type names the aggregate and becomes `stream_type`. */
export const STREAM_ID_RE = /^[A-Z][A-Za-z0-9]{0,63}-[A-Za-z0-9][A-Za-z0-9_.:@-]{0,199}$/;
export const EVENT_TYPE_RE = /^[A-Z][A-Za-z0-9]{0,127}$/;
