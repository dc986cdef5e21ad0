import { deciderSpec, expectRefusal, PROTOTYPE_NAMES } from '@kinerja/kernel/testing';
import {
  compareScans,
  parseScanCsv,
  parseZktecoLog,
  scanDecider,
  scansOf,
  type ImportScans,
  type PinMaps,
  type Scan,
  type ScanEvent,
} from './scans';

const ANI = '198001012010012001';
const BUDI = '198502022012021002';
const PIN_MAPS: PinMaps = new Map([
  [
    'MESIN-DINKES-1',
    new Map([
      ['1', ANI],
      ['27', BUDI],
    ]),
  ],
  ['MESIN-DINKES-2', new Map([['5', ANI]])],
]);
const NOVEMBER = '2026-11';

/** A ZKTeco attendance log: the PIN right-aligned, then date time, verify mode, status, work code. */
const zk = (rows: Array<[string, string]>) => rows.map(([pin, at]) => `${pin.padStart(9)}\t${at}\t1\t0\t1\t0`).join('\r\n') + '\r\n';

describe('a ZKTeco attendance log', () => {
  it('reads each scan once with the NIP of its PIN on that device', () => {
    const r = parseZktecoLog(
      zk([
        ['1', '2026-11-02 07:25:10'],
        ['27', '2026-11-02 07:31:00'],
        ['1', '2026-11-02 07:25:10'], // the machine sent it twice
        ['1', '2026-11-02 16:01:44'],
      ]),
      { device: 'MESIN-DINKES-1', month: NOVEMBER, pinMaps: PIN_MAPS },
    );
    expect(r.errors).toEqual([]);
    expect(r.duplicates).toBe(1);
    expect(r.scans).toEqual([
      { nip: ANI, at: '2026-11-02 07:25:10', device: 'MESIN-DINKES-1' },
      { nip: BUDI, at: '2026-11-02 07:31:00', device: 'MESIN-DINKES-1' },
      { nip: ANI, at: '2026-11-02 16:01:44', device: 'MESIN-DINKES-1' },
    ]);
  });

  it('names every bad line: a PIN with no NIP, a scan of another month, a broken time, a line that is not a scan', () => {
    const text = [
      zk([['1', '2026-11-03 07:20:00']]).trim(),
      zk([['99', '2026-11-03 07:21:00']]).trim(),
      zk([['1', '2026-10-31 07:20:00']]).trim(),
      zk([['1', '2026-11-31 07:20:00']]).trim(),
      'garbage',
      zk([['x1', '2026-11-03 07:22:00']]).trim(),
    ].join('\n');
    const r = parseZktecoLog(text, { device: 'MESIN-DINKES-1', month: NOVEMBER, pinMaps: PIN_MAPS });
    expect(r.scans).toHaveLength(1);
    expect(r.errors.map((e) => [e.line, e.column, e.code])).toEqual([
      [2, 'PIN', 'UNKNOWN_PIN'],
      [3, 'waktu', 'SCAN_OUTSIDE_MONTH'],
      [4, 'waktu', 'INVALID_SCAN_TIME'],
      [5, '1', 'INVALID_SCAN_LINE'],
      [6, 'PIN', 'INVALID_PIN'],
    ]);
  });

  it('a device without a PIN map is named, and a PIN spelled like a prototype key finds no NIP', () => {
    const r = parseZktecoLog(zk([['1', '2026-11-03 07:20:00']]), { device: 'MESIN-LAIN', month: NOVEMBER, pinMaps: PIN_MAPS });
    expect(r.errors[0]).toMatchObject({ code: 'UNKNOWN_DEVICE' });
    for (const name of PROTOTYPE_NAMES) {
      const csv = `pin,timestamp,device\n${name},2026-11-03 07:20,MESIN-DINKES-1\n`;
      expect(parseScanCsv(csv, { month: NOVEMBER, pinMaps: PIN_MAPS }).errors[0]).toMatchObject({ code: 'UNKNOWN_PIN' });
    }
    expect(
      parseZktecoLog(zk([['1', '2026-11-03 07:20:00']]), { device: '__proto__', month: NOVEMBER, pinMaps: PIN_MAPS }).errors[0],
    ).toMatchObject({ code: 'UNKNOWN_DEVICE' });
  });

  it('refuses an empty file', () => {
    expectRefusal(() => parseZktecoLog('\n', { device: 'MESIN-DINKES-1', month: NOVEMBER, pinMaps: PIN_MAPS }), 'EMPTY_FILE');
  });
});

describe('the generic scan CSV', () => {
  it('takes NIPs or PINs, in any column order, with , or ;', () => {
    const byNip = parseScanCsv(`timestamp;device;nip\n2026-11-04 07:10;GERBANG;${ANI}\n`, { month: NOVEMBER, pinMaps: PIN_MAPS });
    expect(byNip).toEqual({ scans: [{ nip: ANI, at: '2026-11-04 07:10:00', device: 'GERBANG' }], errors: [], duplicates: 0 });
    const byPin = parseScanCsv(`pin,timestamp,device\n5,2026-11-04T16:03:09,MESIN-DINKES-2\n`, { month: NOVEMBER, pinMaps: PIN_MAPS });
    expect(byPin.scans).toEqual([{ nip: ANI, at: '2026-11-04 16:03:09', device: 'MESIN-DINKES-2' }]);
  });

  it('names the bad rows by line and column', () => {
    const r = parseScanCsv(`nip,timestamp,device\n12345,2026-11-04 07:10,G\n${ANI},2026-11-04 07:10,\n${ANI},kemarin,G\n`, {
      month: NOVEMBER,
      pinMaps: PIN_MAPS,
    });
    expect(r.errors.map((e) => [e.line, e.column, e.code])).toEqual([
      [2, 'nip', 'INVALID_NIP'],
      [3, 'device', 'MISSING_DEVICE'],
      [4, 'timestamp', 'INVALID_SCAN_TIME'],
    ]);
  });

  it('refuses a header without the columns', () => {
    expectRefusal(() => parseScanCsv('nip,pin,timestamp,device\n', { month: NOVEMBER, pinMaps: PIN_MAPS }), 'INVALID_HEADER');
    expectRefusal(() => parseScanCsv('nip,waktu\n', { month: NOVEMBER, pinMaps: PIN_MAPS }), 'INVALID_HEADER');
  });
});

describe('a month of scans from one source', () => {
  const AT = '2026-12-01T02:00:00.000Z';
  const s = (nip: string, at: string): Scan => ({ nip, at, device: 'MESIN-DINKES-1' });
  const a1 = s(ANI, '2026-11-02 07:25:10');
  const a2 = s(ANI, '2026-11-02 16:01:44');
  const b1 = s(BUDI, '2026-11-02 07:31:00');
  const importing = (scans: Scan[], replacing?: { reason: string }): ImportScans => ({
    type: 'ImportScans',
    month: NOVEMBER,
    source: 'MESIN-DINKES-1',
    fileDigest: 'sha256:f1',
    scans,
    ...(replacing ? { replacing } : {}),
    at: AT,
  });
  const recorded = (scans: Scan[]): ScanEvent => ({
    type: 'ScansRecorded',
    data: { month: NOVEMBER, source: 'MESIN-DINKES-1', fileDigest: 'sha256:f0', scans, at: AT },
  });
  const spec = deciderSpec(scanDecider);

  it('records the scans of a first import', () => {
    spec
      .given([])
      .when(importing([a1, b1]))
      .then([
        { type: 'ScansRecorded', data: { month: NOVEMBER, source: 'MESIN-DINKES-1', fileDigest: 'sha256:f1', scans: [a1, b1], at: AT } },
      ]);
  });

  it('the same file again appends nothing; a longer one only the new scans', () => {
    spec
      .given([recorded([a1, b1])])
      .when(importing([a1, b1]))
      .then([]);
    spec
      .given([recorded([a1, b1])])
      .when(importing([a1, b1, a2]))
      .thenMatches((events) =>
        expect(events).toEqual([expect.objectContaining({ type: 'ScansRecorded', data: expect.objectContaining({ scans: [a2] }) })]),
      );
  });

  it('a corrected file that drops recorded scans is refused naming them, and recorded with its reason when it says why', () => {
    spec
      .given([recorded([a1, b1])])
      .when(importing([a1, a2]))
      .thenThrows('SCANS_WOULD_BE_REMOVED', { removed: 1, first: [b1] });
    spec
      .given([recorded([a1, b1])])
      .when(importing([a1, a2], { reason: 'mesin salah membaca PIN 27 pada 2 November' }))
      .thenMatches((events) =>
        expect(events.map((e) => [e.type, e.data.scans])).toEqual([
          ['ScansWithdrawn', [b1]],
          ['ScansRecorded', [a2]],
        ]),
      );
  });

  it('refuses a scan of another month', () => {
    spec
      .given([])
      .when(importing([s(ANI, '2026-12-01 07:00:00')]))
      .thenThrows('SCAN_OUTSIDE_MONTH');
  });

  it('the dry run compares without deciding, and an employee’s scans are read across sources', () => {
    const state = { scans: new Map([a1, b1].map((x) => [`${x.nip}|${x.at}`, x])) };
    expect(compareScans(state, [a1, a2])).toEqual({ added: [a2], removed: [b1], unchanged: 1 });
    const other = { scans: new Map([[`${ANI}|2026-11-03 07:00:00`, { nip: ANI, at: '2026-11-03 07:00:00', device: 'GERBANG' }]]) };
    expect(scansOf([state, other], ANI)).toEqual(['2026-11-02 07:25:10', '2026-11-03 07:00:00']);
  });
});
