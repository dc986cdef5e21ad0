import type { RecordedEvent, Upcasters } from './port';

/** Raises an event read from the log to the newest schema version its type has upcasters for. */
export function upcast(event: RecordedEvent, upcasters: Upcasters | undefined): RecordedEvent {
  const chain = upcasters?.[event.type];
  if (!chain) return event;
  let e = event;
  for (let step = chain[e.schemaVersion]; step; step = chain[e.schemaVersion]) {
    e = { ...e, data: step(e.data, e), schemaVersion: e.schemaVersion + 1 };
  }
  return e;
}
