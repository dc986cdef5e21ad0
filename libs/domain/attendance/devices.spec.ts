import { deciderSpec, expectRefusal, PROTOTYPE_NAMES } from '@kinerja/kernel/testing';
import { deviceDecider, type DeviceEvent, isDeviceId, parseDeviceId, parsePinMapCsv, type SetDevicePins } from './devices';
import { parseScanCsv } from './scans';

const ANI = '198001012010012001';
const BUDI = '198502022012021002';
const CICI = '199003032015032003';
const AT = '2026-11-30T02:00:00.000Z';

describe('a device id', () => {
  it('is 1 to 64 letters, digits, _ . -; anything else is refused by name', () => {
    expect(isDeviceId('MESIN-DINKES_1.a')).toBe(true);
    for (const bad of ['', 'a/b', 'a b', '..', '.', 'x'.repeat(65), 'é', 'a\u0000'])
      expectRefusal(() => parseDeviceId(bad), 'INVALID_DEVICE_ID');
    // a prototype name is an id like any other: the maps are Maps
    expect(isDeviceId('__proto__')).toBe(true);
  });
});

describe('a PIN map file', () => {
  it('reads pin,nip in any order and names every bad row', () => {
    const r = parsePinMapCsv(`nip;pin\n${ANI};1\n${BUDI};27\nx;3\n${CICI};1\n${ANI};4\n${CICI};abc\n\n`);
    expect(r.pins).toEqual([
      { pin: '1', nip: ANI },
      { pin: '27', nip: BUDI },
    ]);
    expect(r.errors.map((e) => [e.line, e.column, e.code])).toEqual([
      [4, 'nip', 'INVALID_NIP'],
      [5, 'pin', 'DUPLICATE_PIN'],
      [6, 'nip', 'DUPLICATE_NIP'],
      [7, 'pin', 'INVALID_PIN'],
    ]);
  });

  it('refuses a file without the columns, or empty', () => {
    expectRefusal(() => parsePinMapCsv('pin,nama\n1,Ani\n'), 'INVALID_HEADER');
    expectRefusal(() => parsePinMapCsv(' \n'), 'EMPTY_FILE');
  });
});

describe('a device and its PIN map', () => {
  const spec = deciderSpec(deviceDecider);
  const set = (pins: Array<[string, string]>, opdId = 'DINKES'): SetDevicePins => ({
    type: 'SetDevicePins',
    deviceId: 'MESIN-1',
    opdId,
    pins: pins.map(([pin, nip]) => ({ pin, nip })),
    at: AT,
  });
  const first: DeviceEvent = {
    type: 'AttendanceDevicePinsSet',
    data: {
      deviceId: 'MESIN-1',
      opdId: 'DINKES',
      previousOpdId: null,
      pins: [
        { pin: '1', nip: ANI },
        { pin: '27', nip: BUDI },
      ],
      changes: { added: [], removed: [], changed: [] },
      at: AT,
    },
  };

  it('records the first map whole, PINs sorted as numbers', () => {
    spec
      .given([])
      .when(
        set([
          ['27', BUDI],
          ['1', ANI],
        ]),
      )
      .thenMatches((events) => {
        expect(events).toHaveLength(1);
        expect(events[0].data.pins.map((p) => p.pin)).toEqual(['1', '27']);
        expect(events[0].data.changes.added).toHaveLength(2);
      });
  });

  it('the same map again records nothing; a replaced map says what changed', () => {
    spec
      .given([first])
      .when(
        set([
          ['27', BUDI],
          ['1', ANI],
        ]),
      )
      .then([]);
    spec
      .given([first])
      .when(
        set([
          ['1', CICI],
          ['5', ANI],
        ]),
      )
      .thenMatches((events) =>
        expect(events[0].data.changes).toEqual({
          added: [{ pin: '5', nip: ANI }],
          removed: [{ pin: '27', nip: BUDI }],
          changed: [{ pin: '1', from: ANI, to: CICI }],
        }),
      );
  });

  it('moving the device to another OPD is recorded even with the same map', () => {
    spec
      .given([first])
      .when(
        set(
          [
            ['1', ANI],
            ['27', BUDI],
          ],
          'DISDIK',
        ),
      )
      .thenMatches((events) => expect(events[0].data).toMatchObject({ opdId: 'DISDIK', previousOpdId: 'DINKES' }));
  });

  it('refuses a map with a NIP twice or a bad PIN', () => {
    spec
      .given([])
      .when(
        set([
          ['1', ANI],
          ['2', ANI],
        ]),
      )
      .thenThrows('PIN_MAP_HAS_ERRORS');
  });
});

describe('the generic scan CSV checked against the registered devices and the register', () => {
  it('names a device not registered, a bad device id and a NIP the register lacks', () => {
    const csv = `nip,timestamp,device\n${ANI},2026-11-04 07:10,GERBANG\n${ANI},2026-11-04 07:11,LAIN\n${ANI},2026-11-04 07:12,a/b\n${BUDI},2026-11-04 07:13,GERBANG\n`;
    const r = parseScanCsv(csv, { month: '2026-11', pinMaps: new Map(), devices: new Set(['GERBANG']), knownNips: new Set([ANI]) });
    expect(r.scans).toEqual([{ nip: ANI, at: '2026-11-04 07:10:00', device: 'GERBANG' }]);
    expect(r.errors.map((e) => [e.line, e.column, e.code])).toEqual([
      [3, 'device', 'UNKNOWN_DEVICE'],
      [4, 'device', 'INVALID_DEVICE_ID'],
      [5, 'nip', 'UNKNOWN_EMPLOYEE'],
    ]);
    for (const name of PROTOTYPE_NAMES.filter(isDeviceId)) {
      const x = parseScanCsv(`nip,timestamp,device\n${ANI},2026-11-04 07:10,${name}\n`, {
        month: '2026-11',
        pinMaps: new Map(),
        devices: new Set(['GERBANG']),
      });
      expect(x.errors[0]).toMatchObject({ code: 'UNKNOWN_DEVICE' });
    }
  });
});
