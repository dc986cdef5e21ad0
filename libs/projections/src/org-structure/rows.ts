import type { Assignment } from '@kinerja/domain/organisation';

/** An `org_assignments` row as the domain's assignment (written by ./projection.ts, read by ./queries.ts). */
export function rowToAssignment(r: {
  assignment_id: string;
  position_id: string;
  nip: string;
  acting: boolean;
  valid_from: string;
  valid_until: string | null;
}): Assignment {
  return {
    assignmentId: r.assignment_id,
    positionId: r.position_id,
    nip: r.nip,
    acting: r.acting,
    validFrom: r.valid_from,
    ...(r.valid_until ? { validUntil: r.valid_until } : {}),
  };
}
