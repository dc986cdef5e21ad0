import { Actor, conflict, Decider, deterministicId, DomainEvent, fold, newId } from '@kinerja/kernel';
import { EventMetadata, EventStore, isWrongExpectedVersion } from '@kinerja/event-store';

/** Who and why, from the request: becomes every appended event's metadata. */
export interface CommandContext {
  actor: Actor;
  /** The role the actor acts in for this command (e.g. `supervisor`, `bendahara`). */
  role?: string;
  reason?: string;
  requestId?: string;
  correlationId?: string;
  causationId?: string;
  policyVersion?: string;
  /** `Idempotency-Key`: a retry with the same key returns the first answer and appends nothing. */
  idempotencyKey?: string;
  /** `If-Match`: the stream version the caller saw; a different current version is a 409. */
  expectedVersion?: number;
}

export interface CommandResult<E> {
  streamId: string;
  /** The stream's version after the command. */
  version: number;
  events: E[];
  /** True when this was a retry of an idempotency key already handled. */
  replayed: boolean;
}

/**
 * A stream as its decider sees it: the state its events fold to, and its version (-1 before the
 * first event). What a handler reads to look at a record without deciding on it.
 */
export async function readState<E, S>(
  store: EventStore,
  streamId: string,
  decider: Pick<Decider<unknown, E, S>, 'evolve' | 'initialState'>,
): Promise<{ state: S; version: number }> {
  const events = await store.readStream(streamId);
  return {
    state: fold(
      decider,
      events.map((e) => ({ type: e.type, data: e.data }) as E),
    ),
    version: events.length - 1,
  };
}

/**
 * Load, decide, append: the whole life of a command. The decider is pure; this is the only place
 * that touches the store. A concurrent writer between our read and our append makes us decide
 * again on the new state (unless the caller pinned a version with If-Match).
 */
export async function handleCommand<C, E extends DomainEvent<string, unknown>, S>(
  store: EventStore,
  streamId: string,
  decider: Decider<C, E, S>,
  command: C,
  ctx: CommandContext,
): Promise<CommandResult<E>> {
  for (let attempt = 0; ; attempt++) {
    const recorded = await store.readStream(streamId);
    const version = recorded.length - 1;
    if (ctx.idempotencyKey) {
      const firstId = deterministicId('command', streamId, ctx.idempotencyKey, 0);
      const first = recorded.find((e) => e.id === firstId);
      if (first) {
        const mine = recorded.filter((e) => e.metadata?.idempotencyKey === ctx.idempotencyKey);
        return {
          streamId,
          version: mine[mine.length - 1].streamPosition,
          events: mine.map((e) => ({ type: e.type, data: e.data }) as E),
          replayed: true,
        };
      }
    }
    if (ctx.expectedVersion !== undefined && ctx.expectedVersion !== version)
      throw conflict('VERSION_CONFLICT', `the record is at version ${version}, not ${ctx.expectedVersion}`, {
        streamId,
        currentVersion: version,
        expectedVersion: ctx.expectedVersion,
      });
    const domainEvents = recorded.map((e) => ({ type: e.type, data: e.data }) as unknown as E);
    // A decider may bring a linear-time loader for long streams (the organisation).
    const load = (decider as { load?: (events: E[]) => S }).load;
    const state = load ? load(domainEvents) : fold(decider, domainEvents);
    const events = decider.decide(command, state);
    if (events.length === 0) return { streamId, version, events, replayed: false };
    const metadata = metadataOf(ctx);
    try {
      const r = await store.append(
        streamId,
        events.map((e, i) => ({
          id: ctx.idempotencyKey ? deterministicId('command', streamId, ctx.idempotencyKey, i) : newId(),
          type: e.type,
          data: e.data,
          metadata,
        })),
        { expectedVersion: version < 0 ? 'no_stream' : version },
      );
      return { streamId, version: r.nextExpectedVersion, events, replayed: false };
    } catch (e) {
      if (isWrongExpectedVersion(e) && ctx.expectedVersion === undefined && attempt < 3) continue;
      if (isWrongExpectedVersion(e))
        throw conflict('VERSION_CONFLICT', 'the record changed while the command was decided', { streamId, currentVersion: e.actual });
      throw e;
    }
  }
}

export function metadataOf(ctx: CommandContext): EventMetadata {
  const m: EventMetadata = { actor: ctx.actor.userId };
  if (ctx.actor.nip) m.actorNip = ctx.actor.nip;
  if (ctx.role) m.role = ctx.role;
  else if (ctx.actor.roles.length) m.role = ctx.actor.roles.join(',');
  if (ctx.reason) m.reason = ctx.reason;
  if (ctx.requestId) m.requestId = ctx.requestId;
  if (ctx.correlationId) m.correlationId = ctx.correlationId;
  if (ctx.causationId) m.causationId = ctx.causationId;
  if (ctx.policyVersion) m.policyVersion = ctx.policyVersion;
  if (ctx.idempotencyKey) m.idempotencyKey = ctx.idempotencyKey;
  return m;
}
