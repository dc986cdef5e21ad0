import { EMPLOYEE_EVENT_TYPES, EmployeeEvent, latestEmployeeRecord, nipOfEmployeeStream } from '@kinerja/domain/employee';
import type { Projection } from '../projection';

/**
 * The employee directory: one row per employee with the record as every known change leaves it
 * (no salary, no bank account: those are read from the stream, through the pay privacy rule).
 * The row keeps the stream's events so that a change recorded late with an earlier effective
 * date lands where the domain's own as-of function puts it.
 */
export const employeeDirectoryProjection: Projection = {
  name: 'employee_directory',
  // 2: a trigram index for the name search (migration 0010), where pg_trgm is installed.
  version: 2,
  eventTypes: [...EMPLOYEE_EVENT_TYPES],
  tables: {
    employee_directory: `
      nip              text PRIMARY KEY,
      name             text NOT NULL,
      asn_status       text NOT NULL,
      employment_state text NOT NULL,
      position_id      text NOT NULL,
      position_grade   integer NOT NULL,
      opd_id           text NOT NULL,
      registered_from  text NOT NULL,
      last_changed_on  text NOT NULL,
      events           jsonb NOT NULL`,
  },
  indexes: [
    'CREATE INDEX {employee_directory}_name ON {employee_directory} (lower(name))',
    // The search matches anywhere in a name (`lower(name) LIKE '%…%'`), which only a trigram index serves.
    `DO $$ BEGIN
       IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
         CREATE INDEX {employee_directory}_name_trgm ON {employee_directory} USING gin (lower(name) gin_trgm_ops);
       END IF;
     END $$`,
    'CREATE INDEX {employee_directory}_opd ON {employee_directory} (opd_id, name)',
  ],
  async apply(events, { client, table }) {
    const t = table('employee_directory');
    const byNip = new Map<string, EmployeeEvent[]>();
    for (const e of events) {
      const nip = nipOfEmployeeStream(e.streamId);
      if (nip === null) continue;
      if (!byNip.has(nip)) byNip.set(nip, []);
      byNip.get(nip)!.push({ type: e.type, data: e.data } as EmployeeEvent);
    }
    if (byNip.size === 0) return;
    const { rows } = await client.query<{ nip: string; events: EmployeeEvent[] }>(`SELECT nip, events FROM ${t} WHERE nip = ANY($1)`, [
      [...byNip.keys()],
    ]);
    const known = new Map(rows.map((r) => [r.nip, r.events]));
    const out: Array<{ nip: string; events: EmployeeEvent[] }> = [];
    for (const [nip, fresh] of byNip) out.push({ nip, events: [...(known.get(nip) ?? []), ...fresh] });
    // Events appended by hand (tests, repairs) may lack fields; such a stream gets no row rather
    // than stopping the projection.
    const recs = out
      .map((o) => ({ o, r: latestEmployeeRecord(o.events) }))
      .filter(
        ({ r }) =>
          r &&
          [r.name, r.asnStatus, r.employmentState, r.positionId, r.orgUnitId, r.registeredFrom, r.lastChangedOn].every(
            (v) => typeof v === 'string',
          ) &&
          Number.isInteger(r.positionGrade),
      );
    const col = <T>(f: (x: (typeof recs)[number]) => T) => recs.map(f);
    await client.query(
      `INSERT INTO ${t} (nip, name, asn_status, employment_state, position_id, position_grade, opd_id, registered_from, last_changed_on, events)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::text[], $8::text[], $9::text[], $10::jsonb[])
       ON CONFLICT (nip) DO UPDATE SET name = EXCLUDED.name, asn_status = EXCLUDED.asn_status, employment_state = EXCLUDED.employment_state,
         position_id = EXCLUDED.position_id, position_grade = EXCLUDED.position_grade, opd_id = EXCLUDED.opd_id,
         registered_from = EXCLUDED.registered_from, last_changed_on = EXCLUDED.last_changed_on, events = EXCLUDED.events`,
      [
        col((x) => x.o.nip),
        col((x) => x.r!.name),
        col((x) => x.r!.asnStatus),
        col((x) => x.r!.employmentState),
        col((x) => x.r!.positionId),
        col((x) => x.r!.positionGrade),
        col((x) => x.r!.orgUnitId),
        col((x) => x.r!.registeredFrom),
        col((x) => x.r!.lastChangedOn),
        col((x) => JSON.stringify(x.o.events)),
      ],
    );
  },
};
