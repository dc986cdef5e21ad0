import type { ReplaySummary } from '@kinerja/application';

/** `kinerja audit replay`'s summary in lines: the counts, each kind, why some could not be replayed, every difference field by field. */
export function describeReplay(r: ReplaySummary & { eventsRead: number }): string[] {
  const out = [
    `${r.different ? 'DIFFERENT' : 'ok'}: ${r.checked} decisions checked (${r.eventsRead} events read): ${r.same} same, ${r.different} different, ${r.notReplayable} not replayable`,
  ];
  for (const k of r.byKind)
    out.push(`  ${k.kind.padEnd(26)} ${k.checked} checked, ${k.same} same, ${k.different} different, ${k.notReplayable} not replayable`);
  for (const n of r.notReplayableReasons) out.push(`  not replayable: ${n.count} × ${n.reason}`);
  for (const d of r.differences) {
    out.push(
      `  ${d.kind} ${d.type} ${d.streamId}@${d.streamPosition} (event ${d.eventId}, ${d.recordedAt}, policy ${d.policyVersion ?? '-'}):`,
    );
    for (const f of d.differences ?? [])
      out.push(`    ${f.field}: recorded ${JSON.stringify(f.recorded)}, replayed ${JSON.stringify(f.replayed)}`);
  }
  if (r.different > r.differences.length)
    out.push(`  … and ${r.different - r.differences.length} more decisions that differ (--json lists the same)`);
  return out;
}
