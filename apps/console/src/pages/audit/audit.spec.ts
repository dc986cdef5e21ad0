import {
  actorRoleLabel,
  asOfHref,
  diffJson,
  exportFilterOf,
  filterOfParams,
  integrityResultOf,
  justBefore,
  leavesOf,
  missingOf,
  momentOfInput,
  orderOf,
  paramsOfFilter,
  phaseOf,
  progressOf,
  showLeaf,
  subjectOfParams,
  subjectOfStream,
  toWib,
  wibInputValue,
} from './audit';

const NIP = '199001012015031001';

describe('the timeline filter in the address', () => {
  it('keeps the known keys, trimmed, drops empty and unknown ones and a wrong order', () => {
    const f = filterOfParams(new URLSearchParams(`nip=%20${NIP}%20&type=&foo=bar&order=sideways&from=2026-10-01&__proto__=x`));
    expect(f).toEqual({ nip: NIP, from: '2026-10-01' });
    expect(Object.getPrototypeOf(f)).toBe(Object.prototype);
  });

  it('round-trips through the address in one order of keys', () => {
    const f = { to: '2026-10-31', correlationId: 'req-1', nip: NIP, order: 'asc' };
    const p = paramsOfFilter(f);
    expect(p.toString()).toBe(`nip=${NIP}&correlationId=req-1&to=2026-10-31&order=asc`);
    expect(filterOfParams(p)).toEqual(f);
  });

  it('is newest first by default; the export takes no order', () => {
    expect(orderOf({})).toBe('desc');
    expect(orderOf({ order: 'asc' })).toBe('asc');
    expect(exportFilterOf({ nip: NIP, order: 'asc' })).toEqual({ nip: NIP });
  });

  it('cuts an overlong value rather than sending it', () => {
    expect(filterOfParams(new URLSearchParams({ actor: 'a'.repeat(500) })).actor).toHaveLength(200);
  });
});

describe('the role an event was recorded under', () => {
  it('names the relation or the role in words', () => {
    const roles = (r: string) => (r === 'inspektorat' ? 'Inspektorat' : r === 'kepala_opd:DINKES' ? 'Kepala OPD (DINKES)' : r);
    expect(actorRoleLabel('raterSupervisor', roles)).toBe('atasan pejabat penilai');
    expect(actorRoleLabel('self', roles)).toBe('diri sendiri');
    expect(actorRoleLabel('role:inspektorat', roles)).toBe('Inspektorat');
    expect(actorRoleLabel('kepala_opd:DINKES', roles)).toBe('Kepala OPD (DINKES)');
    expect(actorRoleLabel('__proto__', roles)).toBe('__proto__');
  });
});

describe('moments in WIB', () => {
  it('writes an instant as WIB wall time with its offset, and one millisecond before an event', () => {
    expect(toWib('2026-11-30T17:00:00.000Z')).toBe('2026-12-01T00:00:00.000+07:00');
    expect(justBefore('2026-10-20T03:00:00.000Z')).toBe('2026-10-20T09:59:59.999+07:00');
    expect(Date.parse(justBefore('2026-10-20T03:00:00.000Z'))).toBe(Date.parse('2026-10-20T03:00:00.000Z') - 1);
    expect(toWib('not a date')).toBe('not a date');
  });

  it('reads and writes the datetime-local input as WIB', () => {
    expect(wibInputValue('2026-10-20T09:59:59.999+07:00')).toBe('2026-10-20T09:59:59');
    expect(momentOfInput('2026-10-20T09:59')).toBe('2026-10-20T09:59:00+07:00');
    expect(momentOfInput('2026-10-20T09:59:30')).toBe('2026-10-20T09:59:30+07:00');
    expect(momentOfInput('2026-10-20')).toBeUndefined();
    expect(momentOfInput('')).toBeUndefined();
  });
});

describe('the record an event is about', () => {
  it('is the appraisal of an appraisal stream, the employee of an employee stream, else the stream', () => {
    expect(subjectOfStream(`Appraisal-${NIP}-2026-10`)).toEqual({ kind: 'penilaian', nip: NIP, period: '2026-10' });
    expect(subjectOfStream(`Appraisal-${NIP}-2026-Q4`)).toEqual({ kind: 'penilaian', nip: NIP, period: '2026-Q4' });
    expect(subjectOfStream(`Employee-${NIP}`)).toEqual({ kind: 'pegawai', nip: NIP });
    expect(subjectOfStream('PayrollRun-DINKES-2026-10')).toEqual({ kind: 'aliran', stream: 'PayrollRun-DINKES-2026-10' });
  });

  it('opens the as-of page with the subject and the moment, and reads it back', () => {
    const href = asOfHref({ kind: 'penilaian', nip: NIP, period: '2026-10' }, '2026-10-20T09:59:59.999+07:00');
    expect(href).toBe(`/audit/per-tanggal?jenis=penilaian&nip=${NIP}&periode=2026-10&pada=2026-10-20T09%3A59%3A59.999%2B07%3A00`);
    const p = new URLSearchParams(href.split('?')[1]);
    expect(subjectOfParams(p)).toEqual({ kind: 'penilaian', nip: NIP, period: '2026-10' });
    expect(p.get('pada')).toBe('2026-10-20T09:59:59.999+07:00');
    expect(subjectOfParams(new URLSearchParams('jenis=__proto__')).kind).toBe('penilaian');
  });

  it('names what is missing before a read', () => {
    expect(missingOf({ kind: 'penilaian', nip: NIP })).toEqual(['periode (YYYY-MM)']);
    expect(missingOf({ kind: 'tpp', nip: '123', month: '2026-10' })).toEqual(['NIP (18 angka)']);
    expect(missingOf({ kind: 'aliran' })).toEqual(['kode aliran']);
    expect(missingOf({ kind: 'pegawai', nip: NIP })).toEqual([]);
  });
});

describe('the difference of two answers, by field path', () => {
  it('lists every leaf by its path, empty containers as leaves', () => {
    expect([...leavesOf({ a: { b: [1, { c: null }] }, d: [], e: {}, 'x-y': 1 }).keys()]).toEqual([
      'a.b[0]',
      'a.b[1].c',
      'd',
      'e',
      '["x-y"]',
    ]);
    expect([...leavesOf(5)]).toEqual([['', 5]]);
  });

  it('marks changed, removed and added fields, the unchanged too', () => {
    const then = { state: 'OBJECTED', predikat: 'BAIK', decision: null, events: [{ type: 'A' }], same: 1 };
    const now = {
      state: 'DECIDED',
      predikat: 'SANGAT_BAIK',
      decision: { outcome: 'AMEND' },
      events: [{ type: 'A' }, { type: 'B' }],
      same: 1,
    };
    expect(diffJson(then, now)).toEqual([
      { path: 'state', old: 'OBJECTED', new: 'DECIDED', changed: true },
      { path: 'predikat', old: 'BAIK', new: 'SANGAT_BAIK', changed: true },
      { path: 'decision', old: null, new: undefined, changed: true },
      { path: 'events[0].type', old: 'A', new: 'A', changed: false },
      { path: 'same', old: 1, new: 1, changed: false },
      { path: 'decision.outcome', old: undefined, new: 'AMEND', changed: true },
      { path: 'events[1].type', old: undefined, new: 'B', changed: true },
    ]);
  });

  it('compares against nothing (a record that did not exist yet) and keeps hostile keys as keys', () => {
    expect(diffJson(undefined, { a: 1 })).toEqual([{ path: 'a', old: undefined, new: 1, changed: true }]);
    const hostile = JSON.parse('{"__proto__": {"polluted": true}, "constructor": 1}');
    const rows = diffJson(hostile, { constructor: 1 });
    expect(rows).toEqual([
      { path: '__proto__.polluted', old: true, new: undefined, changed: true },
      { path: 'constructor', old: 1, new: 1, changed: false },
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('treats equal empty containers as unchanged and type changes as changed', () => {
    expect(diffJson({ a: [] }, { a: [] })[0].changed).toBe(false);
    expect(diffJson({ a: {} }, { a: [] })[0].changed).toBe(true);
    expect(diffJson({ a: '1' }, { a: 1 })[0].changed).toBe(true);
  });

  it('shows a leaf in words', () => {
    expect(showLeaf(undefined)).toBe('(tidak ada)');
    expect(showLeaf(null)).toBe('–');
    expect(showLeaf('')).toBe('""');
    expect(showLeaf([])).toBe('[] (kosong)');
    expect(showLeaf(false)).toBe('false');
  });
});

describe('the integrity job', () => {
  it('reads the progress as the worker reports it', () => {
    expect(progressOf({ percent: 42, checked: 420, total: 1000 })).toEqual({ percent: 42, checked: 420, total: 1000 });
    expect(progressOf(130)).toEqual({ percent: 100 });
    expect(progressOf({})).toBeNull();
    expect(progressOf(null)).toBeNull();
  });

  it('reads the report, the first broken link named', () => {
    expect(integrityResultOf({ ok: true, eventsChecked: 12, streamsChecked: 3, summary: 'every hash chain intact' })).toEqual({
      ok: true,
      eventsChecked: 12,
      streamsChecked: 3,
      summary: 'every hash chain intact',
    });
    const broken = integrityResultOf({
      ok: false,
      eventsChecked: 5,
      streamsChecked: 2,
      firstBroken: { streamId: 'Employee-1', streamPosition: 3, globalPosition: '17', problem: 'hash mismatch' },
      summary: '',
    });
    expect(broken?.firstBroken).toEqual({ streamId: 'Employee-1', streamPosition: 3, globalPosition: '17', problem: 'hash mismatch' });
    expect(integrityResultOf(null)).toBeNull();
    expect(integrityResultOf({ ok: 'yes' })).toBeNull();
  });

  it('puts the queue states in four phases', () => {
    expect(['waiting', 'delayed', 'active', 'completed', 'failed'].map(phaseOf)).toEqual([
      'waiting',
      'waiting',
      'running',
      'done',
      'failed',
    ]);
  });
});
