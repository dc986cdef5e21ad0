/**
 * The `default` of a decider's `decide` switch: a command the union does not list does not
 * compile; one that arrives anyway (a caller built against another version) fails loudly instead
 * of deciding nothing.
 */
export function unknownCommand(cmd: never): never {
  throw new Error(`no decision for the command ${JSON.stringify((cmd as { type?: unknown }).type)}`);
}
