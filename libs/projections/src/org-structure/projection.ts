import { applyOrganisationEvent, emptyOrgHistory, isOrganisationStream, OrganisationEvent } from '@kinerja/domain/organisation';
import type { Projection } from '../projection';
import { domainEventsOn } from '../rows';
import { rowToAssignment } from './rows';

const ORG_EVENT_TYPES = ['OrgUnitCreated', 'OrgUnitMoved', 'PositionCreated', 'PositionMoved', 'HolderAssigned', 'AssignmentEnded'];

/**
 * The organisation's timelines as rows: each unit and position with its versions, each
 * assignment with its dates. The org chart as of any date is computed from them by the domain's
 * own `orgChartAsOf`, so the read model and the decider can never disagree on what a date shows.
 */
export const orgStructureProjection: Projection = {
  name: 'org_structure',
  version: 1,
  eventTypes: ORG_EVENT_TYPES,
  tables: {
    org_units: `unit_id text PRIMARY KEY, versions jsonb NOT NULL`,
    org_positions: `position_id text PRIMARY KEY, versions jsonb NOT NULL`,
    org_assignments: `
      assignment_id text PRIMARY KEY,
      position_id   text NOT NULL,
      nip           text NOT NULL,
      acting        boolean NOT NULL,
      valid_from    text NOT NULL,
      valid_until   text`,
  },
  indexes: [
    'CREATE INDEX {org_assignments}_nip ON {org_assignments} (nip)',
    'CREATE INDEX {org_assignments}_position ON {org_assignments} (position_id)',
  ],
  async apply(events, { client, table }) {
    const org = domainEventsOn<OrganisationEvent>(events, isOrganisationStream);
    if (!org.length) return;
    const [tu, tp, ta] = [table('org_units'), table('org_positions'), table('org_assignments')];
    const ids = { units: new Set<string>(), positions: new Set<string>(), assignments: new Set<string>() };
    for (const e of org) {
      if (e.type === 'OrgUnitCreated' || e.type === 'OrgUnitMoved') ids.units.add(e.data.unitId);
      else if (e.type === 'PositionCreated' || e.type === 'PositionMoved') ids.positions.add(e.data.positionId);
      else ids.assignments.add(e.data.assignmentId);
    }
    // The part of the history these events touch, applied with the domain's own evolve.
    const h = emptyOrgHistory();
    for (const r of (await client.query(`SELECT unit_id, versions FROM ${tu} WHERE unit_id = ANY($1)`, [[...ids.units]])).rows)
      h.units.set(r.unit_id, r.versions);
    for (const r of (await client.query(`SELECT position_id, versions FROM ${tp} WHERE position_id = ANY($1)`, [[...ids.positions]])).rows)
      h.positions.set(r.position_id, r.versions);
    for (const r of (await client.query(`SELECT * FROM ${ta} WHERE assignment_id = ANY($1)`, [[...ids.assignments]])).rows)
      h.assignments.set(r.assignment_id, rowToAssignment(r));
    for (const e of org) applyOrganisationEvent(h, e);
    const units = [...ids.units].filter((id) => h.units.has(id));
    const positions = [...ids.positions].filter((id) => h.positions.has(id));
    // An event for an id the history never had (appended before the deciders refused such ids)
    // changes nothing: skipping it keeps the read model moving instead of failing every batch.
    const assignments = [...ids.assignments].flatMap((id) => h.assignments.get(id) ?? []);
    await client.query(
      `INSERT INTO ${tu} (unit_id, versions) SELECT * FROM unnest($1::text[], $2::jsonb[]) ON CONFLICT (unit_id) DO UPDATE SET versions = EXCLUDED.versions`,
      [units, units.map((id) => JSON.stringify(h.units.get(id)))],
    );
    await client.query(
      `INSERT INTO ${tp} (position_id, versions) SELECT * FROM unnest($1::text[], $2::jsonb[]) ON CONFLICT (position_id) DO UPDATE SET versions = EXCLUDED.versions`,
      [positions, positions.map((id) => JSON.stringify(h.positions.get(id)))],
    );
    await client.query(
      `INSERT INTO ${ta} (assignment_id, position_id, nip, acting, valid_from, valid_until)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::boolean[], $5::text[], $6::text[])
       ON CONFLICT (assignment_id) DO UPDATE SET valid_until = EXCLUDED.valid_until`,
      [
        assignments.map((a) => a.assignmentId),
        assignments.map((a) => a.positionId),
        assignments.map((a) => a.nip),
        assignments.map((a) => a.acting),
        assignments.map((a) => a.validFrom),
        assignments.map((a) => a.validUntil ?? null),
      ],
    );
  },
};
