/**
 * The shape of every aggregate: pure functions, no I/O. Time, actor and policy arrive inside the
 * command, so any decision can be replayed byte for byte from the log.
 */
export interface Decider<Command, Event, State> {
  decide(command: Command, state: State): Event[];
  evolve(state: State, event: Event): State;
  initialState(): State;
  /** Present on deciders whose streams grow long: their state is snapshotted (libs/application `stream-state.ts`). */
  snapshot?: SnapshotPolicy<Event, State>;
}

/**
 * How a decider's long streams are snapshotted. A snapshot is keyed by `version`, the code of
 * `evolve` and `apply` and the encoded initial state, so an edit of those functions makes every old
 * snapshot unused by itself; a change in what they build that their own text does not show (a
 * helper they call, an event's meaning) must bump `version`, which libs/application/src/snapshot-versions.spec.ts
 * enforces (it fails when the fold of its fixture stream changes).
 */
export interface SnapshotPolicy<Event, State> {
  /** The state's version, e.g. `organisation-1`. */
  version: string;
  /** Folds one event onto a state the caller owns, possibly in place (default: `evolve`). */
  apply?(state: State, event: Event): State;
  /** Streams with at least this many events are snapshotted, and again each time they grow by as many (default 100). */
  every?: number;
}

export function fold<Event, State>(d: Pick<Decider<unknown, Event, State>, 'evolve' | 'initialState'>, events: Event[]): State {
  return events.reduce(d.evolve, d.initialState());
}

/** An event as the domain sees it: a type and its data. */
export interface DomainEvent<T extends string = string, D = Record<string, unknown>> {
  type: T;
  data: D;
}

/** Who acts, in which role. Supervisor rights are derived from org history, not carried here. */
export interface Actor {
  userId: string;
  nip?: string;
  roles: string[];
}
