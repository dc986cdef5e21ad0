import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { PassThrough, Readable, Writable } from 'node:stream';
import { Command } from 'commander';
import { isKinerjaError } from '@kinerja/kernel';
import { loadPolicyDocuments, parsePolicyDocument, type PolicyDocument } from '@kinerja/policies';
import { registerTppCommands, runTppCalc, type TppCalcOptions } from './tpp';

const ROOT = resolve(__dirname, '../../../..');
const [sample] = loadPolicyDocuments();

const lineA =
  '{"id":"A","ceiling":"3900000","predikat":"BAIK","attendance":{"TL1":2,"TL2":1},"sanction":"NONE","salaryBase":"4000000","salaryGross":"4500000","taxCategory":"A"}';
const outA =
  '{"id":"A","performancePart":"2340000","disciplinePart":"1528800","sanctionCut":"0","gross":"3868800","healthContribution":"38688","employerHealthContribution":"154752","incomeTax":"58032","net":"3772080","policyVersion":"perkada-contoh-1-2026/v1"}';
const lineB =
  '{"id":"B","positionGrade":9,"predikat":"BUTUH_PERBAIKAN","attendance":{"TL3":1,"TK":2},"sanction":"SEDANG","salaryBase":"6000000","salaryGross":"6500000","ptkpStatus":"TK/0"}';
const outB =
  '{"id":"B","performancePart":"2640000","disciplinePart":"2040500","sanctionCut":"1170125","gross":"3510375","healthContribution":"35104","employerHealthContribution":"140415","incomeTax":"70208","net":"3405063","policyVersion":"perkada-contoh-1-2026/v1"}';

/** Runs the stream function on the given chunks and returns the output lines. */
async function calc(chunks: Array<string | Buffer>, options?: TppCalcOptions, output?: Writable) {
  const collected: string[] = [];
  const sink =
    output ??
    new Writable({
      write(chunk, _enc, done) {
        collected.push(String(chunk));
        done();
      },
    });
  const summary = await runTppCalc(Readable.from(chunks, { objectMode: false }), sink, options);
  const text = collected.join('');
  return { summary, text, lines: text.split('\n').slice(0, -1) };
}

const parsed = (lines: string[]) => lines.map((l) => JSON.parse(l));

describe('runTppCalc', () => {
  it('given DOMAIN.md examples A and B, prints their figures as whole-rupiah strings', async () => {
    const { lines, summary } = await calc([`${lineA}\n${lineB}\n`]);
    expect(lines).toEqual([outA, outB]);
    expect(summary).toEqual({ lines: 2, refused: 0 });
  });

  it('given bad lines among good ones, answers each bad line with its error and goes on, in order', async () => {
    const input = [
      lineA,
      '{"id":"bad-json", "predikat": ',
      lineA.replace('"A"', '"code"').replace('"TL1"', '"TL9"'),
      lineA.replace('"A"', '"neg"').replace('"TL1":2', '"TL1":-2'),
      lineA.replace('"A"', '"ver"').replace('{"id"', '{"policyVersion":"perkada-tidak-ada/v9","id"'),
      '',
      lineB,
      '[1,2]',
      lineA.replace('"A"', '"pred"').replace('BAIK', 'ISTIMEWA'),
    ].join('\n');
    const { lines, summary } = await calc([input + '\n']);
    const out = parsed(lines);
    expect(out.map((o) => [o.id, o.error?.code ?? 'OK'])).toEqual([
      ['A', 'OK'],
      [null, 'INVALID_JSON'],
      ['code', 'UNKNOWN_ATTENDANCE_CODE'],
      ['neg', 'INVALID_ATTENDANCE_COUNT'],
      ['ver', 'UNKNOWN_POLICY_VERSION'],
      [null, 'INVALID_JSON'],
      ['B', 'OK'],
      [null, 'INVALID_INPUT'],
      ['pred', 'UNKNOWN_PREDIKAT'],
    ]);
    expect(out[1].error).toMatchObject({ line: 2, message: expect.stringContaining('line 2') });
    expect(out[5].error.message).toContain('empty line');
    expect(Object.keys(out[2])).toEqual(['id', 'error']);
    expect(Object.keys(out[2].error)).toEqual(['code', 'message', 'line']);
    expect(lines[0]).toBe(outA);
    expect(lines[6]).toBe(outB);
    expect(summary).toEqual({ lines: 9, refused: 7 });
  });

  it('keeps the order of 20,000 lines across many chunks, and splits lines anywhere, even inside a UTF-8 character', async () => {
    const input = Array.from({ length: 20_000 }, (_, i) => lineA.replace('"A"', `"pegawai-${i}-ñ"`)).join('\n') + '\n';
    const bytes = Buffer.from(input, 'utf8');
    const chunks: Buffer[] = [];
    for (let at = 0, size = 1; at < bytes.length; at += size, size = (size * 7) % 4093 || 1) chunks.push(bytes.subarray(at, at + size));
    const { lines } = await calc(chunks);
    expect(lines).toHaveLength(20_000);
    lines.forEach((l, i) => expect(l).toBe(outA.replace('"A"', `"pegawai-${i}-ñ"`)));
  });

  it('reads CRLF files and a last line without a newline', async () => {
    const { lines } = await calc([`${lineA}\r\n${lineB}`]);
    expect(lines).toEqual([outA, outB]);
  });

  it('waits for a slow reader (backpressure) and loses nothing', async () => {
    const received: string[] = [];
    let writes = 0;
    const slow = new Writable({
      highWaterMark: 1024,
      write(chunk, _enc, done) {
        writes++;
        received.push(String(chunk));
        setTimeout(done, 1);
      },
    });
    const input = Array.from({ length: 5_000 }, () => lineA).join('\n') + '\n';
    await calc([input], undefined, slow);
    const lines = received.join('').split('\n').slice(0, -1);
    expect(lines).toHaveLength(5_000);
    expect(new Set(lines)).toEqual(new Set([outA]));
    expect(writes).toBeGreaterThan(1); // batched, not one write per line, nor one for all
    expect(writes).toBeLessThan(100);
  });

  it('given amounts too large for the integer fast path, still prices the line exactly on decimal.js', async () => {
    const big = lineA.replace('"4500000"', '"123456789012345678"');
    const [out] = parsed((await calc([big + '\n'])).lines);
    expect(out).toMatchObject({ gross: '3868800', incomeTax: '1315392', net: '2514720' }); // 34% above the last bound
  });

  it('--explain prints every slip line and the policy rows, agreeing with the compact figures', async () => {
    const [compact] = parsed((await calc([lineB + '\n'])).lines);
    const [explained] = parsed((await calc([lineB + '\n'], { explain: true })).lines);
    expect(explained).toMatchObject({ ...compact, ceiling: '5500000', deductionPercent: '7.25', terRate: '2' });
    expect(explained.rows.incomeTax.bracket).toEqual({ category: 'A', above: '9650000', upTo: '10050000', ratePercent: '2' });
  });

  describe('choosing the policy version', () => {
    const later: PolicyDocument = parsePolicyDocument({
      ...structuredClone(sample),
      policyVersion: 'perkada-contoh-9-2026/v1',
      effectiveFrom: '2026-07-01',
      tpp: { ...structuredClone(sample.tpp), split: { performancePercent: '70', disciplinePercent: '30' } },
    });
    const documents = [sample, later];

    it('uses a line month to find the version in force, and refuses a month with none', async () => {
      const lines = [
        lineA.replace('{"id"', '{"month":"2026-08","id"'),
        lineA.replace('{"id"', '{"month":"2026-03","id"'),
        lineA.replace('{"id"', '{"month":"2025-06","id"'),
      ];
      const out = parsed((await calc([lines.join('\n')], { documents })).lines);
      expect(out.map((o) => o.policyVersion ?? o.error.code)).toEqual([
        'perkada-contoh-9-2026/v1',
        'perkada-contoh-1-2026/v1',
        'NO_POLICY_IN_FORCE',
      ]);
      expect(out[0].performancePart).toBe('2730000'); // 3,900,000 × 70%
    });

    it('uses a line policyVersion before the default', async () => {
      const line = lineA.replace('{"id"', '{"policyVersion":"perkada-contoh-9-2026/v1","id"');
      const [out] = parsed((await calc([line], { documents, policyVersion: 'perkada-contoh-1-2026/v1' })).lines);
      expect(out.policyVersion).toBe('perkada-contoh-9-2026/v1');
    });

    it('uses the --month default for lines that name no version', async () => {
      const [out] = parsed((await calc([lineA], { documents, month: '2026-12' })).lines);
      expect(out.policyVersion).toBe('perkada-contoh-9-2026/v1');
    });

    it('given no default version at all, refuses each line that names none with NO_POLICY_VERSION', async () => {
      const [out] = parsed((await calc([lineA], { documents: [later] })).lines);
      expect(out).toEqual({ id: 'A', error: expect.objectContaining({ code: 'NO_POLICY_VERSION' }) });
    });

    it('refuses the whole run when the command names a version that does not exist', async () => {
      const run = calc([lineA], { documents, policyVersion: 'nope/v1' });
      await expect(run).rejects.toMatchObject({ code: 'UNKNOWN_POLICY_VERSION' });
      await run.catch((e) => expect(isKinerjaError(e)).toBe(true));
    });
  });

  it('registers `tpp calc` with its options on a commander program', () => {
    const program = new Command('kinerja');
    registerTppCommands(program);
    const calcCommand = program.commands.find((c) => c.name() === 'tpp')?.commands.find((c) => c.name() === 'calc');
    expect(calcCommand?.options.map((o) => o.long)).toEqual(['--policies', '--policy-version', '--month', '--explain']);
  });
});

describe('kinerja tpp calc as a process', () => {
  it('reads stdin and writes one line per input line, exit code 0, refusals counted on stderr', async () => {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', join(ROOT, 'apps/cli/src/commands/tpp-main.ts'), 'tpp', 'calc'], {
      cwd: ROOT,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const input = new PassThrough();
    input.pipe(child.stdin);
    input.end(`${lineA}\n{"id":"X","predikat":"BAIK","attendance":{"TL1":-1}}\n${lineB}\n`);
    const code = await new Promise((r) => child.on('close', r));
    expect(code).toBe(0);
    const lines = stdout.split('\n').slice(0, -1);
    expect(lines[0]).toBe(outA);
    expect(JSON.parse(lines[1])).toEqual({ id: 'X', error: expect.objectContaining({ code: 'INVALID_ATTENDANCE_COUNT' }) });
    expect(lines[2]).toBe(outB);
    expect(stderr).toContain('3 lines, 1 refused');
  });
});
