import { Decider, fold } from './decider';
import { isKinerjaError, type KinerjaError } from './errors';

/** The coded error `run` throws with `code` (and `details`, when given); anything else fails the test. */
export function expectRefusal(run: () => unknown, code: string, details?: Record<string, unknown>): KinerjaError {
  let caught: unknown;
  try {
    run();
  } catch (e) {
    caught = e;
  }
  if (!isKinerjaError(caught)) throw new Error(`expected ${code}, got ${String(caught)}`);
  expect(caught.code).toBe(code);
  if (details) expect(caught.details).toMatchObject(details);
  return caught;
}

/**
 * given/when/then for deciders, in the style of Emmett's DeciderSpecification:
 *   spec(decider).given([events]).when(command).then([events]) / .thenThrows('CODE')
 */
export function deciderSpec<C, E, S>(decider: Decider<C, E, S>) {
  return {
    given(events: E[]) {
      return {
        when(command: C) {
          const run = () => decider.decide(command, fold(decider, events));
          return {
            then(expected: E[]) {
              expect(run()).toEqual(expected);
            },
            thenMatches(check: (events: E[]) => void) {
              check(run());
            },
            thenThrows(code: string, details?: Record<string, unknown>) {
              expectRefusal(run, code, details);
            },
          };
        },
      };
    },
  };
}

/**
 * Every name `Object.prototype` answers to (`constructor`, `__proto__`, `toString`, ...): ids a
 * lookup in a plain object would find although nobody created them. For property tests over ids.
 */
export const PROTOTYPE_NAMES: readonly string[] = Object.getOwnPropertyNames(Object.prototype);
