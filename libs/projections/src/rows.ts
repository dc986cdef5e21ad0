import type { RecordedEvent } from '@kinerja/event-store';

/** A page of a list that can be long: at most `limit` rows (default 100, at most 1000) after `offset`. */
export interface Page {
  limit?: number;
  offset?: number;
}

export const pageOf = (p: Page = {}) => ({
  limit: Math.min(Math.max(1, Math.floor(p.limit ?? 100)), 1000),
  offset: Math.max(0, Math.floor(p.offset ?? 0)),
});

/** An event behind a row: its id and the stream that holds it (`GET /api/v1/audit/streams/{streamId}` replays it). */
export interface EventLink {
  eventId: string;
  streamId: string;
  type: string;
  streamPosition: number;
  recordedAt: string;
}

export const eventLink = (e: RecordedEvent): EventLink => ({
  eventId: e.id,
  streamId: e.streamId,
  type: e.type,
  streamPosition: e.streamPosition,
  recordedAt: e.recordedAt.toISOString(),
});

/** A timestamptz column as the API shows it. */
export function iso(d: Date): string;
export function iso(d: Date | null): string | null;
export function iso(d: Date | null): string | null {
  return d ? d.toISOString() : null;
}

/** The events of a batch on the streams `isStream` accepts, in order, as the domain sees them (type and data). */
export function domainEventsOn<E>(events: readonly RecordedEvent[], isStream: (streamId: string) => boolean): E[] {
  return events.filter((e) => isStream(e.streamId)).map((e) => ({ type: e.type, data: e.data }) as E);
}
