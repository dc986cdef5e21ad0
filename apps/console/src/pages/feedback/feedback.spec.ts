import { addInvitee, aggregateNote, chosenScores, emptyScores, formatAverage, optionalComment, publicLinkUrl } from './feedback';

describe('the feedback screens’ logic', () => {
  it('keeps only the chosen scores, so the schema names the missing ones', () => {
    const d = { ...emptyScores(['A', 'B', 'C']), A: 4, C: 1 };
    expect(chosenScores(d, ['A', 'B', 'C'])).toEqual({ A: 4, C: 1 });
  });

  it('treats a blank comment as none', () => {
    expect(optionalComment('   ')).toBeUndefined();
    expect(optionalComment(' ramah ')).toBe('ramah');
  });

  it('formats averages the Indonesian way and explains a hidden aggregate', () => {
    expect(formatAverage(4.333)).toBe('4,33');
    expect(formatAverage(5)).toBe('5,00');
    expect(aggregateNote(2, 3)).toContain('kurang 1 lagi');
    expect(aggregateNote(3, 3)).toBe('');
  });

  it('adds an invitee once, never the rated employee or the rater', () => {
    const a = { nip: '1'.repeat(18), name: 'A' };
    let list = addInvitee([], a, []);
    list = addInvitee(list, a, []);
    expect(list).toEqual([{ ...a, relation: 'PEER' }]);
    expect(addInvitee(list, { nip: '2'.repeat(18), name: 'B' }, ['2'.repeat(18)])).toHaveLength(1);
  });

  it('builds the public address from the token', () => {
    expect(publicLinkUrl('https://kinerja.example', 'a-b_c')).toBe('https://kinerja.example/umpan-balik-publik/a-b_c');
  });
});
