import { messageOf } from '../../i18n/errors';
import {
  checkDraft,
  checkRevision,
  checkTemplate,
  countNodes,
  emptyPlan,
  filterTree,
  formOf,
  isChanged,
  resultsBody,
  targetKey,
  type PlanForm,
  type TemplateForm,
} from './plan';

const filled = (): PlanForm => ({
  reason: '',
  results: [
    {
      text: 'Terlaksananya pendataan ibu hamil',
      parentResultId: 'RHK-KESGA-1',
      indicators: [{ text: 'Laporan pendataan', quantity: 12, unit: 'laporan', quality: 100, timeMonths: 12 }],
    },
  ],
});

describe('the SKP form', () => {
  it('sends the results without empty numbers, an unchosen parent or ids the server has yet to give', () => {
    const f = filled();
    f.results[0].parentResultId = '';
    f.results[0].indicators[0].quantity = '';
    expect(resultsBody(f)).toEqual([
      {
        text: 'Terlaksananya pendataan ibu hamil',
        indicators: [{ text: 'Laporan pendataan', quantity: undefined, unit: 'laporan', quality: 100, timeMonths: 12 }],
      },
    ]);
  });

  it('passes a filled plan as the body of POST .../draft', () => {
    const c = checkDraft(filled());
    expect(c).toEqual({ ok: true, body: { results: resultsBody(filled()) } });
  });

  it('refuses a missing target with the zod schema, next to its field', () => {
    const f = filled();
    f.results[0].indicators[0].quantity = '';
    const c = checkDraft(f);
    expect(c.ok ? null : [...c.errors]).toEqual([['results.0.indicators.0.quantity', 'Wajib diisi.']]);
    expect(checkDraft(emptyPlan()).ok).toBe(false);
  });

  it('refuses targets out of the decider’s ranges with its code’s message (quality 1..100, time 1..12 months, quantity above 0)', () => {
    const f = filled();
    f.results[0].indicators[0].quality = 120;
    expect(checkDraft(f)).toEqual({ ok: false, errors: new Map([['results.0.indicators.0.quality', messageOf('INVALID_TARGET')]]) });
    f.results[0].indicators[0].quality = 100;
    f.results[0].indicators[0].timeMonths = 13;
    expect(checkDraft(f)).toEqual({ ok: false, errors: new Map([['results.0.indicators.0.timeMonths', messageOf('INVALID_TARGET')]]) });
    f.results[0].indicators[0].timeMonths = 12;
    f.results[0].indicators[0].quantity = 0;
    expect(checkDraft(f).ok).toBe(false);
    f.results[0].indicators[0].quantity = 12;
    f.results[0].text = '   ';
    expect(checkDraft(f)).toEqual({ ok: false, errors: new Map([['results.0.text', 'Wajib diisi.']]) });
  });

  it('at submission, requires every RHK to cascade from an RHK the superior offers', () => {
    const f = filled();
    expect(checkDraft(f, ['RHK-KESGA-1']).ok).toBe(true);
    expect(checkDraft(f, ['RHK-OTHER'])).toEqual({
      ok: false,
      errors: new Map([['results.0.parentResultId', messageOf('PARENT_RESULT_NOT_IN_LINE')]]),
    });
    f.results[0].parentResultId = '';
    expect(checkDraft(f, ['RHK-KESGA-1'])).toEqual({
      ok: false,
      errors: new Map([['results.0.parentResultId', messageOf('PARENT_RESULT_REQUIRED')]]),
    });
    // A draft may be saved before it cascades; the head of an OPD (no superior) never needs to.
    expect(checkDraft(f).ok).toBe(true);
  });

  it('a revision needs its reason', () => {
    expect(checkRevision(filled())).toEqual({ ok: false, errors: new Map([['reason', 'Wajib diisi.']]) });
    expect(checkRevision({ ...filled(), reason: 'Perubahan tugas' }).ok).toBe(true);
  });

  it('round-trips a saved version and knows when the form differs from it', () => {
    const saved = [
      {
        resultId: 'RHK-1',
        text: 'A',
        parentResultId: 'P',
        indicators: [{ indicatorId: 'IKI-1', text: 'B', quantity: 3, unit: 'u', quality: 90, timeMonths: 6 }],
      },
    ];
    const f = formOf(saved);
    expect(resultsBody(f)).toEqual(saved);
    expect(isChanged(f, saved)).toBe(false);
    f.results[0].indicators[0].quantity = 4;
    expect(isChanged(f, saved)).toBe(true);
    expect(isChanged(emptyPlan(), undefined)).toBe(true);
  });
});

describe('handing one RHK to many subordinates', () => {
  const form = (): TemplateForm => ({
    resultId: 'RHK-T',
    text: 'Pendataan gizi',
    parentResultId: 'RHK-KESGA-2',
    indicators: [{ indicatorId: 'IKI-T', text: 'Desa terdata', unit: 'desa', quality: 100, timeMonths: 12 }],
    assignees: ['199001012015031001', '199202022016042002'],
    targets: { [targetKey('199001012015031001', 'IKI-T')]: 5, [targetKey('199202022016042002', 'IKI-T')]: 7 },
  });

  it('builds the body with a target per subordinate and IKI', () => {
    const c = checkTemplate(form());
    expect(c.ok && c.body.assignees).toEqual([
      { nip: '199001012015031001', targets: [{ indicatorId: 'IKI-T', quantity: 5 }] },
      { nip: '199202022016042002', targets: [{ indicatorId: 'IKI-T', quantity: 7 }] },
    ]);
  });

  it('refuses a missing or impossible target at that subordinate, no subordinate, and no parent RHK', () => {
    const f = form();
    f.targets = { [targetKey('199001012015031001', 'IKI-T')]: 5 };
    expect(checkTemplate(f)).toEqual({ ok: false, errors: new Map([['assignees.1.targets.0.quantity', 'Wajib diisi.']]) });
    f.targets[targetKey('199202022016042002', 'IKI-T')] = 0;
    expect(checkTemplate(f)).toEqual({ ok: false, errors: new Map([['assignees.1.targets.0.quantity', messageOf('INVALID_TARGET')]]) });
    expect(checkTemplate({ ...form(), assignees: [] })).toEqual({
      ok: false,
      errors: new Map([['assignees', 'Pilih paling sedikit satu.']]),
    });
    expect(checkTemplate({ ...form(), parentResultId: '' })).toEqual({
      ok: false,
      errors: new Map([['template.parentResultId', 'Wajib diisi.']]),
    });
  });
});

describe('the cascade tree, searched', () => {
  const tree = [
    {
      resultId: 'A',
      nip: '1',
      text: 'Derajat kesehatan',
      children: [
        {
          resultId: 'B',
          nip: '2',
          text: 'Pembinaan KIA',
          children: [{ resultId: 'C', nip: '3', text: 'Pendataan ibu hamil', children: [] }],
        },
        { resultId: 'D', nip: '2', text: 'Status gizi', children: [] },
      ],
    },
  ];
  const names = new Map([['3', 'Siti Rahma']]);

  it('keeps the matching RHK with their ancestors and subtree; everything for an empty query', () => {
    expect(filterTree(tree, '', names)).toEqual(tree);
    const hit = filterTree(tree, 'IBU HAMIL', names);
    expect(hit).toEqual([{ ...tree[0], children: [{ ...tree[0].children[0] }] }]);
    expect(filterTree(tree, 'siti', names)).toEqual(hit);
    expect(filterTree(tree, 'pembinaan', names)[0].children[0].children).toHaveLength(1);
    expect(filterTree(tree, 'tidak ada', names)).toEqual([]);
    expect(countNodes(tree)).toBe(4);
    expect(countNodes(hit)).toBe(3);
  });
});
