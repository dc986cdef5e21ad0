import { createHash } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler, IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Actor, badInput, conflict, findTextProblem, forbidden, notFound } from '@kinerja/kernel';
import type { EventStore } from '@kinerja/event-store';
import { holdsRole } from '@kinerja/domain/access';
import {
  checkPinRows,
  compareScans,
  deviceDecider,
  devicesOfScanCsv,
  deviceStreamId,
  type DeviceState,
  type ImportScans,
  isDeviceId,
  nipsOfScanCsv,
  type ParsedPinMap,
  type ParsedScans,
  parseDeviceId,
  parsePinMapCsv,
  parseScanCsv,
  parseZktecoLog,
  type PinMaps,
  type Scan,
  scanCsvByNip,
  scanDecider,
  type ScanLineError,
  scanStreamId,
} from '@kinerja/domain/attendance';
import { OPD_ID_PATTERN } from '@kinerja/domain/shared';
import { devicesOf, registeredNips, scanImportsOfMonth } from '@kinerja/projections';
import { handleCommand, readState } from '../command-handler';
import { EVENT_STORE } from '../ports';
import { ApplicationHandler } from '../handler';
import { PeopleService } from '../people/service';
import {
  GetAttendanceDevice,
  GetScanImports,
  ImportScanFile,
  ListAttendanceDevices,
  PrepareScanImport,
  SCAN_FILE_CONTENT_TYPES,
  SCAN_FILE_MAX_BYTES,
  scanFileTooLarge,
  type ScanImportReport,
  type ScanSourceReport,
  SetAttendanceDevice,
} from './scans-commands';

const SAMPLES = 20;
const MAX_DEVICES_PER_FILE = 1000;

/** What the attendance machines' handlers share: the people (access), the store, a device's state. */
abstract class ScansHandler extends ApplicationHandler {
  constructor(
    @Inject(PeopleService) protected readonly people: PeopleService,
    @Inject(EVENT_STORE) protected readonly store: EventStore,
  ) {
    super();
  }

  /** The role the actor imports for the OPD in, or the coded refusal. */
  protected async mayImport(actor: Actor, opdId: string): Promise<string> {
    const via = await this.people.authorize(actor, 'attendance.import', { kind: 'unit', opdId }, this.now());
    return via.startsWith('role:') ? via.slice(5) : via;
  }

  protected device(deviceId: string): Promise<{ state: DeviceState; version: number }> {
    return readState(this.store, deviceStreamId(deviceId), deviceDecider);
  }

  protected async registeredDevice(deviceId: string): Promise<DeviceState & { opdId: string; version: number }> {
    const { state, version } = await this.device(parseDeviceId(deviceId));
    if (state.opdId === null) throw notFound('DEVICE_NOT_FOUND', `no attendance device ${deviceId} is registered`, { deviceId });
    return { ...state, opdId: state.opdId, version };
  }

  /** Only an OPD's admin or BKPSDM import scans at all: refused before a byte of a file is read. */
  protected assertImporter(actor: Actor): void {
    if (!holdsRole(actor, 'admin_opd') && !holdsRole(actor, 'admin_kepegawaian'))
      throw forbidden('ROLE_REQUIRED', 'importing attendance scans needs the role admin_opd or admin_kepegawaian', {
        action: 'attendance.import',
      });
  }
}

function parseOpdId(opdId: unknown): string {
  if (typeof opdId !== 'string' || !OPD_ID_PATTERN.test(opdId))
    throw badInput('INVALID_OPD_ID', 'not an OPD id', { opdId: String(opdId).slice(0, 80) });
  return opdId;
}

/** Uploaded bytes as text: UTF-8, and nothing a store cannot hold (NUL, a lone surrogate). */
function textOf(content: string | Uint8Array): string {
  let text: string;
  if (typeof content === 'string') text = content;
  else
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(content);
    } catch {
      throw badInput('INVALID_TEXT', 'the file is not UTF-8 text', { field: 'body' });
    }
  const problem = findTextProblem(text, 'file', { multiline: true });
  if (problem) throw badInput('INVALID_TEXT', 'the file holds a character that is not text', { ...problem });
  return text;
}

@CommandHandler(SetAttendanceDevice)
export class SetAttendanceDeviceHandler extends ScansHandler implements ICommandHandler<SetAttendanceDevice> {
  async execute({ deviceId, input, actor, ctx }: SetAttendanceDevice) {
    parseDeviceId(deviceId);
    const opdId = parseOpdId(input.opdId);
    const role = await this.mayImport(actor, opdId);
    const current = await this.device(deviceId);
    // Moving a device out of an OPD is that OPD's business too.
    if (current.state.opdId !== null && current.state.opdId !== opdId) await this.mayImport(actor, current.state.opdId);
    let parsed: ParsedPinMap;
    if (input.csv !== undefined && input.pins !== undefined) throw badInput('PIN_MAP_REQUIRED', 'send the map as csv or as pins, not both');
    if (input.csv !== undefined) parsed = parsePinMapCsv(textOf(input.csv));
    else if (input.pins !== undefined)
      parsed = checkPinRows(input.pins.map((p, i) => ({ line: i + 1, pin: String(p.pin), nip: String(p.nip) })));
    else throw badInput('PIN_MAP_REQUIRED', 'send the map as csv (pin,nip) or as pins [{pin, nip}]');
    const known = await registeredNips(
      this.db,
      parsed.pins.map((p) => p.nip),
    );
    const errors: ScanLineError[] = [...parsed.errors];
    for (const p of parsed.pins)
      if (!known.has(p.nip))
        errors.push({
          line: parsed.lineOfPin.get(p.pin) ?? 0,
          column: 'nip',
          code: 'UNKNOWN_EMPLOYEE',
          message: `no employee with NIP ${p.nip} in the register`,
        });
    if (errors.length) {
      errors.sort((a, b) => a.line - b.line);
      throw badInput('PIN_MAP_HAS_ERRORS', `${errors.length} bad row(s) in the PIN map; nothing was recorded`, { errors });
    }
    const command = { type: 'SetDevicePins' as const, deviceId, opdId, pins: parsed.pins, at: this.now() };
    const streamId = deviceStreamId(deviceId);
    if (input.dryRun) {
      const [e] = deviceDecider.decide(command, current.state);
      return {
        deviceId,
        opdId,
        dryRun: true,
        pins: parsed.pins.length,
        changes: e?.data.changes ?? { added: [], removed: [], changed: [] },
        previousOpdId: e?.data.previousOpdId ?? null,
        streamId,
        version: current.version,
        recorded: false,
      };
    }
    const r = await handleCommand(this.store, streamId, deviceDecider, command, { actor, role, ...ctx });
    const e = r.events[0];
    return {
      deviceId,
      opdId,
      dryRun: false,
      pins: parsed.pins.length,
      changes: e?.data.changes ?? { added: [], removed: [], changed: [] },
      previousOpdId: e?.data.previousOpdId ?? null,
      streamId,
      version: r.version,
      recorded: !!e && !r.replayed,
    };
  }
}

@QueryHandler(GetAttendanceDevice)
export class GetAttendanceDeviceHandler extends ScansHandler implements IQueryHandler<GetAttendanceDevice> {
  async execute({ deviceId, page, actor }: GetAttendanceDevice) {
    const d = await this.registeredDevice(deviceId);
    await this.mayImport(actor, d.opdId);
    const limit = Math.min(Math.max(1, Math.floor(page.limit ?? 1000)), 10_000);
    const offset = Math.max(0, Math.floor(page.offset ?? 0));
    const all = [...d.pins].map(([pin, nip]) => ({ pin, nip }));
    return { deviceId, opdId: d.opdId, version: d.version, total: all.length, limit, offset, pins: all.slice(offset, offset + limit) };
  }
}

@QueryHandler(ListAttendanceDevices)
export class ListAttendanceDevicesHandler extends ScansHandler implements IQueryHandler<ListAttendanceDevices> {
  async execute({ opdId, actor }: ListAttendanceDevices) {
    if (opdId !== undefined) await this.mayImport(actor, parseOpdId(opdId));
    else if (!holdsRole(actor, 'admin_kepegawaian'))
      throw forbidden('ROLE_REQUIRED', 'every OPD’s devices are for admin_kepegawaian; name an OPD', { action: 'attendance.import' });
    return { devices: await devicesOf(this.db, opdId) };
  }
}

@QueryHandler(PrepareScanImport)
export class PrepareScanImportHandler extends ScansHandler implements IQueryHandler<PrepareScanImport> {
  async execute({ contentType, declaredBytes, format, device, actor }: PrepareScanImport) {
    this.assertImporter(actor);
    const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
    if (!(SCAN_FILE_CONTENT_TYPES as readonly string[]).includes(type))
      throw badInput('SCAN_FILE_TYPE_REFUSED', `send the file itself as ${SCAN_FILE_CONTENT_TYPES.join(', ')}`, {
        contentType: type.slice(0, 100),
      });
    if (declaredBytes !== undefined && declaredBytes > SCAN_FILE_MAX_BYTES) throw scanFileTooLarge(declaredBytes, SCAN_FILE_MAX_BYTES);
    if (format === 'zkteco') {
      if (device === undefined) throw badInput('DEVICE_REQUIRED', 'a ZKTeco log is the log of one device: name it');
      await this.mayImport(actor, (await this.registeredDevice(device)).opdId);
    }
    return { maxBytes: SCAN_FILE_MAX_BYTES };
  }
}

@CommandHandler(ImportScanFile)
export class ImportScanFileHandler extends ScansHandler implements ICommandHandler<ImportScanFile> {
  async execute({ month, file, actor, ctx, run }: ImportScanFile): Promise<ScanImportReport> {
    this.assertImporter(actor);
    const reason = file.correction?.reason.trim() ?? '';
    if (file.correction && !reason) throw badInput('REASON_REQUIRED', 'a correction says why');
    if (typeof file.content !== 'string' && file.content.length > SCAN_FILE_MAX_BYTES)
      throw scanFileTooLarge(file.content.length, SCAN_FILE_MAX_BYTES);
    const text = textOf(file.content);
    const fileDigest = `sha256:${createHash('sha256').update(text).digest('hex')}`;

    // The devices of the file, their maps and OPDs; the actor must import for every one of them.
    if (file.format === 'zkteco' && file.device === undefined)
      throw badInput('DEVICE_REQUIRED', 'a ZKTeco log is the log of one device: name it');
    const deviceIds = file.format === 'zkteco' ? [parseDeviceId(file.device ?? '')] : devicesOfScanCsv(text).filter(isDeviceId);
    if (deviceIds.length > MAX_DEVICES_PER_FILE)
      throw badInput('TOO_MANY_DEVICES', `at most ${MAX_DEVICES_PER_FILE} devices in one file`, { devices: deviceIds.length });
    const devices = new Map<string, DeviceState & { opdId: string }>();
    for (const id of deviceIds) {
      const { state } = await this.device(id);
      if (state.opdId !== null) devices.set(id, { ...state, opdId: state.opdId });
    }
    if (file.format === 'zkteco' && !devices.size) await this.registeredDevice(deviceIds[0]);
    const roles = new Map<string, string>();
    for (const opdId of new Set([...devices.values()].map((d) => d.opdId))) roles.set(opdId, await this.mayImport(actor, opdId));

    const pinMaps: PinMaps = new Map([...devices].map(([id, d]) => [id, d.pins]));
    let parsed: ParsedScans;
    let lines = 0;
    if (file.format === 'zkteco') {
      parsed = parseZktecoLog(text, { device: deviceIds[0], month, pinMaps });
      lines = countLines(text, 0);
    } else {
      const knownNips = scanCsvByNip(text) ? await registeredNips(this.db, nipsOfScanCsv(text)) : undefined;
      parsed = parseScanCsv(text, { month, pinMaps, devices: new Set(devices.keys()), ...(knownNips ? { knownNips } : {}) });
      lines = countLines(text, 1);
    }
    parsed.errors.sort((a, b) => a.line - b.line);

    // What each source's stream holds, and what the file would change in it.
    const bySource = new Map<string, Scan[]>();
    for (const s of parsed.scans) {
      const list = bySource.get(s.device);
      if (list) list.push(s);
      else bySource.set(s.device, [s]);
    }
    const plans: Array<{ source: ScanSourceReport; command: ImportScans; removed: Scan[] }> = [];
    const samples = { added: [] as Scan[], removed: [] as Scan[] };
    const total = { added: 0, removed: 0, unchanged: 0 };
    const at = this.now();
    for (const [source, scans] of bySource) {
      const streamId = scanStreamId(month, source);
      const { state } = await readState(this.store, streamId, scanDecider);
      const c = compareScans(state, scans);
      total.added += c.added.length;
      total.removed += c.removed.length;
      total.unchanged += c.unchanged;
      samples.added.push(...c.added.slice(0, SAMPLES - samples.added.length));
      samples.removed.push(...c.removed.slice(0, SAMPLES - samples.removed.length));
      plans.push({
        source: {
          source,
          opdId: devices.get(source)?.opdId ?? '',
          streamId,
          scans: scans.length,
          added: c.added.length,
          removed: c.removed.length,
          unchanged: c.unchanged,
          appended: 0,
        },
        command: { type: 'ImportScans', month, source, fileDigest, scans, ...(reason ? { replacing: { reason } } : {}), at },
        removed: c.removed,
      });
    }
    const report: ScanImportReport = {
      month,
      format: file.format,
      dryRun: file.dryRun,
      correction: reason || null,
      fileDigest,
      lines,
      scans: parsed.scans.length,
      duplicates: parsed.duplicates,
      errors: parsed.errors,
      comparison: { ...total, samples },
      sources: plans.map((p) => p.source),
      appended: 0,
    };
    if (file.dryRun) return report;
    if (parsed.errors.length)
      throw badInput(
        'SCAN_IMPORT_HAS_ERRORS',
        `${parsed.errors.length} bad line(s); nothing was imported (see details.errors; a dry run lists them too)`,
        { ...report, sources: undefined },
      );
    if (!parsed.scans.length) throw badInput('NO_SCANS', 'the file holds no scan');
    if (total.removed > 0 && !reason)
      throw conflict(
        'SCANS_WOULD_BE_REMOVED',
        `the file lacks ${total.removed} scan(s) already recorded; import it as a correction with a reason`,
        { removed: total.removed, first: samples.removed, sources: plans.filter((p) => p.removed.length).map((p) => p.source) },
      );

    // Every source was checked before the first append: a refusal above appended nothing.
    const steps = plans.filter((p) => p.source.added || p.source.removed);
    run.onProgress?.(0, steps.length);
    let done = 0;
    for (const p of steps) {
      const opdId = p.source.opdId;
      const r = await handleCommand(this.store, p.source.streamId, scanDecider, p.command, {
        actor,
        role: roles.get(opdId),
        ...ctx,
        reason: reason || `scan import ${month} (${file.format})`,
      });
      p.source.appended = r.replayed ? 0 : r.events.length;
      report.appended += p.source.appended;
      run.onProgress?.(++done, steps.length);
    }
    return report;
  }
}

/** Lines holding something, less the header's `skip`. */
function countLines(text: string, skip: number): number {
  let n = 0;
  for (const l of text.split('\n')) if (l.trim()) n++;
  return Math.max(0, n - skip);
}

@QueryHandler(GetScanImports)
export class GetScanImportsHandler extends ScansHandler implements IQueryHandler<GetScanImports> {
  async execute({ month, opdId, page, actor }: GetScanImports) {
    if (opdId === undefined) {
      if (!holdsRole(actor, 'admin_kepegawaian'))
        throw forbidden('ROLE_REQUIRED', 'every OPD’s imports are for admin_kepegawaian; name an OPD', { action: 'attendance.import' });
      return scanImportsOfMonth(this.db, month, page);
    }
    await this.mayImport(actor, parseOpdId(opdId));
    const sources = (await devicesOf(this.db, opdId)).map((d) => d.deviceId);
    return scanImportsOfMonth(this.db, month, page, sources);
  }
}

export const SCAN_HANDLERS = [
  SetAttendanceDeviceHandler,
  GetAttendanceDeviceHandler,
  ListAttendanceDevicesHandler,
  PrepareScanImportHandler,
  ImportScanFileHandler,
  GetScanImportsHandler,
];
