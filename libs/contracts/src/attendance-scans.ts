import { z } from 'zod';

// The attendance machines' routes (issue 16, item 2): a device's PIN map, a month's scan import.

const opdId = z.string().regex(/^[A-Za-z0-9_.@-]{1,60}$/, 'an OPD id');

/** A device's PIN-to-NIP map: a `pin,nip` CSV or the rows as JSON (one of them). */
export const DevicePinsBody = z
  .object({
    opdId: opdId.describe('the OPD the device belongs to'),
    csv: z.string().min(1).max(5_000_000).optional().describe('`pin,nip` CSV, a header line first'),
    pins: z
      .array(z.object({ pin: z.string().max(40), nip: z.string().max(40) }).strict())
      .max(50_000)
      .optional()
      .describe('the rows as JSON'),
    dryRun: z.boolean().optional().describe('check and say what would change; record nothing'),
  })
  .strict();

/** The query of a scan upload (the body is the file itself, text/plain or text/csv). */
export const ScanImportQuery = z
  .object({
    format: z
      .enum(['zkteco', 'csv'])
      .describe('zkteco: the attendance log of one device (name it in device); csv: nip|pin,timestamp,device'),
    device: z.string().max(64).optional().describe('the device of a ZKTeco log'),
    dryRun: z.enum(['true', 'false']).optional().describe('check and compare with what is recorded; append nothing'),
    correction: z
      .string()
      .trim()
      .min(1)
      .max(2000)
      .optional()
      .describe('a corrected file that drops recorded scans: why (withdrawn and added scans are recorded with it)'),
  })
  .strict();

const ScanPageQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(10_000).optional(),
    offset: z.coerce.number().int().min(0).optional(),
  })
  .strict();

export const ScanImportsQuery = ScanPageQuery.extend({ opdId: opdId.optional() }).strict();
export const DevicesQuery = z.object({ opdId: opdId.optional() }).strict();

const scan = z.object({ nip: z.string(), at: z.string(), device: z.string() });
const lineError = z.object({ line: z.number(), column: z.string(), code: z.string(), message: z.string() });
const pin = z.object({ pin: z.string(), nip: z.string() });

export const DeviceAnswerView = z.object({
  deviceId: z.string(),
  opdId: z.string(),
  dryRun: z.boolean(),
  pins: z.number(),
  changes: z.object({
    added: z.array(pin),
    removed: z.array(pin),
    changed: z.array(z.object({ pin: z.string(), from: z.string(), to: z.string() })),
  }),
  previousOpdId: z.string().nullable(),
  streamId: z.string(),
  version: z.number(),
  recorded: z.boolean(),
});

export const DevicePageQuery = ScanPageQuery;
export const DeviceView = z.object({
  deviceId: z.string(),
  opdId: z.string(),
  version: z.number(),
  total: z.number(),
  limit: z.number(),
  offset: z.number(),
  pins: z.array(pin),
});

export const DeviceListView = z.object({
  devices: z.array(z.object({ deviceId: z.string(), opdId: z.string(), pins: z.number(), changedAt: z.string() })),
});

export const ScanImportReportView = z.object({
  month: z.string(),
  format: z.enum(['zkteco', 'csv']),
  dryRun: z.boolean(),
  correction: z.string().nullable(),
  fileDigest: z.string(),
  lines: z.number(),
  scans: z.number(),
  duplicates: z.number(),
  errors: z.array(lineError),
  comparison: z.object({
    added: z.number(),
    removed: z.number(),
    unchanged: z.number(),
    samples: z.object({ added: z.array(scan), removed: z.array(scan) }),
  }),
  sources: z.array(
    z.object({
      source: z.string(),
      opdId: z.string(),
      streamId: z.string(),
      scans: z.number(),
      added: z.number(),
      removed: z.number(),
      unchanged: z.number(),
      appended: z.number(),
    }),
  ),
  appended: z.number(),
});

export const ScanImportsView = z.object({
  items: z.array(
    z.object({
      month: z.string(),
      source: z.string(),
      fileDigest: z.string(),
      at: z.string(),
      streamId: z.string(),
      actor: z.string().nullable(),
      reason: z.string().nullable(),
      recorded: z.number(),
      withdrawn: z.number(),
    }),
  ),
  total: z.number(),
  limit: z.number(),
  offset: z.number(),
});
