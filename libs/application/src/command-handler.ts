import { Actor, conflict, Decider, deterministicId, DomainEvent, newId } from '@kinerja/kernel';
import { EventMetadata, EventStore, isWrongExpectedVersion, RecordedEvent, snapshotsOf, StreamSnapshots } from '@kinerja/event-store';
import { LoadedState, loadState } from './stream-state';

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
 * first event). What a handler reads to look at a record without deciding on it. A long stream is
 * read from its snapshot and the events after it (`stream-state.ts`).
 */
export async function readState<E, S>(
  store: EventStore,
  streamId: string,
  decider: Pick<Decider<unknown, E, S>, 'evolve' | 'initialState' | 'snapshot'>,
): Promise<{ state: S; version: number }> {
  const { state, version } = await loadState(store, streamId, decider, false);
  return { state, version };
}

/**
 * A stream read for a command that looks at it before deciding (whose record a caller may answer):
 * handed to `handleCommand` as `read`, it is decided on without a second read. The expected version
 * of the append is the version read, so a writer in between is caught as ever.
 */
export function readForCommand<E, S>(
  store: EventStore,
  streamId: string,
  decider: Pick<Decider<unknown, E, S>, 'evolve' | 'initialState' | 'snapshot'>,
): Promise<LoadedState<S>> {
  return loadState(store, streamId, decider, true);
}

/**
 * Load, decide, append: the whole life of a command. The decider is pure; this is the only place
 * that touches the store. A concurrent writer between our read and our append makes us decide
 * again on the new state (unless the caller pinned a version with If-Match). `read`: the stream as
 * the caller read it for this command (`readForCommand`, to authorise on what it holds), decided on
 * at the first attempt and released here; a later attempt reads the stream again.
 */
export async function handleCommand<C, E extends DomainEvent<string, unknown>, S>(
  store: EventStore,
  streamId: string,
  decider: Decider<C, E, S>,
  command: C,
  ctx: CommandContext,
  read?: LoadedState<S>,
): Promise<CommandResult<E>> {
  for (let attempt = 0; ; attempt++) {
    const snapshots = decider.snapshot && snapshotsOf(store);
    if (ctx.idempotencyKey && snapshots) {
      // A snapshotted stream is not read whole: the store finds the key's first event by its id.
      const replayed = await replayOf<E>(store, snapshots, streamId, ctx.idempotencyKey);
      if (replayed) return replayed;
    }
    // A stream the caller read for this command (readForCommand) is decided on first, not read again.
    const loaded = attempt === 0 && read ? read : await loadState(store, streamId, decider, true);
    try {
      return await decideAndAppend(store, streamId, decider, command, ctx, loaded);
    } catch (e) {
      if (isWrongExpectedVersion(e) && ctx.expectedVersion === undefined && attempt < 3) continue;
      if (isWrongExpectedVersion(e))
        throw conflict('VERSION_CONFLICT', 'the record changed while the command was decided', { streamId, currentVersion: e.actual });
      throw e;
    } finally {
      await loaded.release();
    }
  }
}

async function decideAndAppend<C, E extends DomainEvent<string, unknown>, S>(
  store: EventStore,
  streamId: string,
  decider: Decider<C, E, S>,
  command: C,
  ctx: CommandContext,
  { state, version, recorded }: LoadedState<S>,
): Promise<CommandResult<E>> {
  if (ctx.idempotencyKey && recorded) {
    const firstId = deterministicId('command', streamId, ctx.idempotencyKey, 0);
    if (recorded.some((e) => e.id === firstId)) return replayFrom<E>(streamId, recorded, ctx.idempotencyKey);
  }
  if (ctx.expectedVersion !== undefined && ctx.expectedVersion !== version)
    throw conflict('VERSION_CONFLICT', `the record is at version ${version}, not ${ctx.expectedVersion}`, {
      streamId,
      currentVersion: version,
      expectedVersion: ctx.expectedVersion,
    });
  const events = decider.decide(command, state);
  if (events.length === 0) return { streamId, version, events, replayed: false };
  const metadata = metadataOf(ctx);
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
}

/** The first answer to a command retried with its Idempotency-Key, or null when it was not handled yet. */
async function replayOf<E>(store: EventStore, snapshots: StreamSnapshots, streamId: string, key: string): Promise<CommandResult<E> | null> {
  const position = await snapshots.positionOf(streamId, deterministicId('command', streamId, key, 0));
  return position === null ? null : replayFrom<E>(streamId, await store.readStream(streamId, { from: position }), key);
}

function replayFrom<E>(streamId: string, recorded: RecordedEvent[], key: string): CommandResult<E> {
  const mine = recorded.filter((e) => e.metadata?.idempotencyKey === key);
  return {
    streamId,
    version: mine[mine.length - 1].streamPosition,
    events: mine.map((e) => ({ type: e.type, data: e.data }) as E),
    replayed: true,
  };
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
