/**
 * The shape of every aggregate: pure functions, no I/O. Time, actor and policy arrive inside the
 * command, so any decision can be replayed byte for byte from the log.
 */
export interface Decider<Command, Event, State> {
  decide(command: Command, state: State): Event[];
  evolve(state: State, event: Event): State;
  initialState(): State;
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
