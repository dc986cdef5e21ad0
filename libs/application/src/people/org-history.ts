import type { EventStore } from '@kinerja/event-store';
import type { LocalDate } from '@kinerja/domain/shared';
import {
  applyOrganisationEvent,
  directReportsOf,
  emptyOrgHistory,
  ORGANISATION_STREAM_ID,
  OrganisationEvent,
  OrgHistory,
  positionChildrenOn,
  PositionChildren,
} from '@kinerja/domain/organisation';

/**
 * The organisation's history as the access policy and the supervisor queries read it. Before each
 * answer it asks the store for the stream's current version and applies only the events it has not
 * seen: events are immutable, so this is exactly a full read of the stream, without re-reading the
 * whole of it on every request (nothing is decided from a stale copy).
 */
export class OrgHistoryReader {
  private history: OrgHistory = emptyOrgHistory();
  private version = -1;
  /** The positions under each position on one day, of the history at one version (see childrenOn). */
  private children?: { history: OrgHistory; version: number; date: LocalDate; index: PositionChildren };

  constructor(private readonly store: EventStore) {}

  async current(): Promise<OrgHistory> {
    const head = await this.store.streamVersion(ORGANISATION_STREAM_ID);
    if (head < this.version) {
      // Another database behind the same process (tests): start again.
      this.history = emptyOrgHistory();
      this.version = -1;
    }
    if (head > this.version) {
      const events = await this.store.readStream(ORGANISATION_STREAM_ID, { from: this.version + 1 });
      for (const e of events) {
        // Two callers may read the same tail concurrently; each event is applied once.
        if (e.streamPosition <= this.version) continue;
        applyOrganisationEvent(this.history, { type: e.type, data: e.data } as OrganisationEvent);
        this.version = e.streamPosition;
      }
    }
    return this.history;
  }

  /** The people whose supervisor on `date` is `nip`, on the current history (see childrenOn). */
  async directReportsOf(nip: string, date: LocalDate): Promise<string[]> {
    const h = await this.current();
    return directReportsOf(nip, date, h, this.childrenOn(date, h));
  }

  /**
   * positionChildrenOn(date, h): the index of positions by parent that directReportsOf walks, built
   * over every position of the Pemda. For the history current() gives it is kept per version and day
   * (every inbox and directory read of a day asks about today) and built again when either moves; the
   * history only changes inside current(), which moves the version with it. Any other history: built.
   */
  childrenOn(date: LocalDate, h: OrgHistory): PositionChildren {
    if (h !== this.history) return positionChildrenOn(date, h);
    const c = this.children;
    if (c?.history === h && c.version === this.version && c.date === date) return c.index;
    const index = positionChildrenOn(date, h);
    this.children = { history: h, version: this.version, date, index };
    return index;
  }

  /** The history as the log held it at a moment (the organisation's stream read as of it). */
  async asOf(moment: Date): Promise<OrgHistory> {
    const history = emptyOrgHistory();
    for (const e of await this.store.readStream(ORGANISATION_STREAM_ID, { asOf: moment }))
      applyOrganisationEvent(history, { type: e.type, data: e.data } as OrganisationEvent);
    return history;
  }

  /** A history of its own (for batch decisions that must not touch the shared one). */
  async snapshot(): Promise<{ history: OrgHistory; version: number }> {
    const events = await this.store.readStream(ORGANISATION_STREAM_ID);
    const history = emptyOrgHistory();
    for (const e of events) applyOrganisationEvent(history, { type: e.type, data: e.data } as OrganisationEvent);
    return { history, version: events.length - 1 };
  }
}
