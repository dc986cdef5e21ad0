import {
  DEVICE_EVENT_TYPES,
  type DeviceEvent,
  isDeviceStream,
  isScanStream,
  SCAN_EVENT_TYPES,
  type ScanEvent,
} from '@kinerja/domain/attendance';
import type { Projection } from '../projection';
import { upsert } from '../sql';

/**
 * The attendance machines' scans as the monthly summary reads them (issue 16, item 2): one row per
 * scan and source (a device's stream), so the same scan imported twice is one row; the history of
 * the imports (what each file added and withdrew, and why); and the devices with their OPD.
 */
export const attendanceScansProjection: Projection = {
  name: 'attendance_scans',
  version: 1,
  eventTypes: [...SCAN_EVENT_TYPES, ...DEVICE_EVENT_TYPES],
  // A scan event carries up to 5,000 scans: a few events a batch keeps a transaction small. No index on
  // att_scan but its key: the summary asks by NIP and month, which the key (nip, at, …) answers.
  batchSize: 20,
  tables: {
    // `at` is the machine's wall clock, YYYY-MM-DD HH:MM:SS: as text it sorts as time, and a month is
    // a range of it. The source is the device (a device's month is one stream), so the row is narrow:
    // an OPD's month is hundreds of thousands of them.
    att_scan: `
      nip    text NOT NULL,
      at     text NOT NULL,
      source text NOT NULL,
      PRIMARY KEY (nip, at, source)`,
    att_scan_import: `
      month       text NOT NULL,
      source      text NOT NULL,
      file_digest text NOT NULL,
      at          timestamptz NOT NULL,
      stream_id   text NOT NULL,
      actor       text,
      reason      text,
      recorded    integer NOT NULL,
      withdrawn   integer NOT NULL,
      PRIMARY KEY (month, source, at, file_digest)`,
    att_device: `
      device_id  text PRIMARY KEY,
      opd_id     text NOT NULL,
      pins       integer NOT NULL,
      changed_at timestamptz NOT NULL,
      changes    integer NOT NULL`,
  },
  indexes: [
    'CREATE INDEX {att_scan_import}_month ON {att_scan_import} (month, at DESC)',
    'CREATE INDEX {att_device}_opd ON {att_device} (opd_id, device_id)',
  ],
  async apply(events, { client, table }) {
    const scans = table('att_scan');
    const imports = table('att_scan_import');
    const devices = table('att_device');
    for (const e of events) {
      if (isScanStream(e.streamId)) {
        const ev = { type: e.type, data: e.data } as ScanEvent;
        const d = ev.data;
        const cols = [d.scans.map((s) => s.nip), d.scans.map((s) => s.at)];
        if (ev.type === 'ScansRecorded')
          await client.query(
            `INSERT INTO ${scans} (nip, at, source)
             SELECT n, a, $3 FROM unnest($1::text[], $2::text[]) AS x(n, a)
             ON CONFLICT DO NOTHING`,
            [...cols, d.source],
          );
        else
          await client.query(
            `DELETE FROM ${scans} t USING unnest($1::text[], $2::text[]) AS x(n, a)
             WHERE t.nip = x.n AND t.at = x.a AND t.source = $3`,
            [...cols, d.source],
          );
        const recorded = ev.type === 'ScansRecorded' ? d.scans.length : 0;
        await client.query(
          upsert(
            imports,
            {
              month: d.month,
              source: d.source,
              file_digest: d.fileDigest,
              at: d.at,
              stream_id: e.streamId,
              actor: e.metadata?.actor ?? null,
              reason: ev.type === 'ScansWithdrawn' ? ev.data.reason : (e.metadata?.reason ?? null),
              recorded,
              withdrawn: d.scans.length - recorded,
            },
            {
              key: ['month', 'source', 'at', 'file_digest'],
              merge: {
                recorded: '{table}.recorded + excluded.recorded',
                withdrawn: '{table}.withdrawn + excluded.withdrawn',
                reason: 'COALESCE({table}.reason, excluded.reason)',
              },
            },
          ),
        );
      } else if (isDeviceStream(e.streamId)) {
        const d = (e as unknown as DeviceEvent).data;
        const c = d.changes;
        await client.query(
          upsert(
            devices,
            {
              device_id: d.deviceId,
              opd_id: d.opdId,
              pins: d.pins.length,
              changed_at: d.at,
              changes: c.added.length + c.removed.length + c.changed.length,
            },
            { key: ['device_id'] },
          ),
        );
      }
    }
  },
};
