/** An instant as an ISO-8601 string with offset; commands carry it so decisions replay exactly. */
export type Instant = string;

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock tests and replays can set. */
export function fixedClock(at: Date | string): Clock & { set(d: Date | string): void } {
  let t = new Date(at);
  return { now: () => new Date(t), set: (d) => (t = new Date(d)) };
}
