import type { ProjectionFailure, ProjectionStatus } from '@kinerja/projections';

/**
 * One line per projection for `kinerja projections list`. A projection stopped at an event names
 * it (id, stream, position, type) and the error, so an operator can find it without the logs.
 */
export function describeProjection(p: ProjectionStatus): string {
  const parts = [p.name, `v${p.version}`, `generation ${p.activeGeneration ?? '-'}`, `applied ${p.eventsApplied}`, `lag ${p.lagEvents}`];
  if (p.oldestUnappliedAgeSeconds !== null) parts.push(`oldest unapplied ${p.oldestUnappliedAgeSeconds}s ago`);
  if (p.building) parts.push(`(rebuilding g${p.building.generation}${p.building.failure ? `: ${stoppedAt(p.building.failure)}` : ''})`);
  if (p.failure) parts.push(stoppedAt(p.failure));
  return parts.join('  ');
}

function stoppedAt({ event, error, since, attempts }: ProjectionFailure): string {
  return `STOPPED at event ${event.id} (stream ${event.streamId} position ${event.streamPosition}, ${event.type}) since ${since}, tried ${attempts}x: ${error}`;
}
