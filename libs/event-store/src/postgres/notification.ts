// What one process's NOTIFY tells the others' event stores (PostgresEventStore): who appended, and
// which event types, so that only the readers of those types wake.

/** NOTIFY's payload limit is 8,000 bytes: a longer list of types goes as "every type". */
const MAX_NOTIFICATION = 7_000;

/**
 * A notification names the store that appended and, unless every reader is to wake, the types it
 * appended: `{"origin":…,"types":[…]}`. A bare origin (a process of an older version, or a failed
 * statement) wakes every reader.
 */
export function notificationOf(origin: string, types: ReadonlySet<string> | undefined): string {
  if (!types) return origin;
  const typed = JSON.stringify({ origin, types: [...types] });
  return Buffer.byteLength(typed) <= MAX_NOTIFICATION ? typed : origin;
}

/** Reads a notification; anything but a well-formed typed one wakes every reader. */
export function parseNotification(payload: string): { origin: string; types?: string[] } {
  if (!payload.startsWith('{')) return { origin: payload };
  try {
    const note: unknown = JSON.parse(payload);
    if (note && typeof note === 'object' && !Array.isArray(note)) {
      const { origin, types } = note as { origin?: unknown; types?: unknown };
      if (typeof origin === 'string' && Array.isArray(types) && types.every((t) => typeof t === 'string')) return { origin, types };
      if (typeof origin === 'string') return { origin };
    }
  } catch {
    /* not ours: every reader */
  }
  return { origin: payload };
}
