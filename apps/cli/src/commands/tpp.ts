/**
 * `kinerja tpp calc`: TPP for many employees as a stream. JSON Lines in, one JSON line out per
 * input line, in the same order; a bad line gets an error line of its own and the run goes on,
 * so one typo does not stop a payroll of a million lines.
 *
 * The hot path is built for bulk: policies are compiled once, lines go through the integer fast
 * path (exact, checked against decimal.js by property tests) and fall back to decimal.js only
 * when a line does not fit it; output is written in large batches and waits on backpressure.
 */
import { once } from 'node:events';
import { StringDecoder } from 'node:string_decoder';
import type { Command } from 'commander';
import { badInput, isKinerjaError, type KinerjaError } from '@kinerja/kernel';
// The defaults shown by --help come from a module of their own; the rest loads when `tpp calc` runs.
import { BUNDLED_POLICY_DIR, SAMPLE_POLICY_VERSION } from '@kinerja/policies/bundled';
import {
  calculateResolvedTpp,
  calculateTppFigures,
  compiledPolicy,
  emptyFigures,
  loadPolicyDocuments,
  policyByVersion,
  policyInForce,
  resolveTppInput,
  type CompiledTppPolicy,
  type PolicyDocument,
} from '@kinerja/policies';

export interface TppCalcOptions {
  /** The policy documents to price with; default: those shipped in libs/policies/documents. */
  documents?: readonly PolicyDocument[];
  /** The version for lines that name neither policyVersion nor month. */
  policyVersion?: string;
  /** Or: the version in force for this month (YYYY-MM) for such lines. */
  month?: string;
  /** Print every slip line and the policy rows used, instead of the compact figures. */
  explain?: boolean;
}

export interface TppCalcSummary {
  lines: number;
  refused: number;
}

/** Keys a line may carry besides the TPP input itself. */
const ENVELOPE: ReadonlySet<string> = new Set(['id', 'policyVersion', 'month']);
/** Output is written in batches of about this many characters. */
const FLUSH_AT = 1 << 17;

interface PolicyEntry {
  compiled: CompiledTppPolicy;
  /** The version id already as JSON text, so it is not re-encoded per line. */
  versionJson: string;
}

function entryOf(doc: PolicyDocument): PolicyEntry {
  return { compiled: compiledPolicy(doc), versionJson: JSON.stringify(doc.policyVersion) };
}

/** Chooses the policy for each line: its own policyVersion, else its month, else the default. */
function policyChooser(documents: readonly PolicyDocument[], options: TppCalcOptions) {
  const byVersion = new Map(documents.map((d) => [d.policyVersion, entryOf(d)]));
  const byMonth = new Map<string, PolicyEntry | KinerjaError>();
  const forMonth = (month: string): PolicyEntry => {
    let hit = byMonth.get(month);
    if (hit === undefined) {
      try {
        hit = byVersion.get(policyInForce(documents, month).policyVersion)!;
      } catch (e) {
        if (!isKinerjaError(e)) throw e;
        hit = e;
      }
      byMonth.set(month, hit);
    }
    if (!('compiled' in hit)) throw hit;
    return hit;
  };

  // An explicitly named default that does not exist is a mistake in the command, not in a line.
  let fallback: PolicyEntry | undefined;
  if (options.policyVersion !== undefined) fallback = byVersion.get(policyByVersion(documents, options.policyVersion).policyVersion);
  else if (options.month !== undefined) fallback = forMonth(options.month);
  else fallback = byVersion.get(SAMPLE_POLICY_VERSION);

  return (line: Record<string, unknown>): PolicyEntry => {
    const version = line.policyVersion;
    if (version !== undefined) {
      if (typeof version !== 'string') throw badInput('INVALID_INPUT', 'policyVersion must be a string', { field: 'policyVersion' });
      const hit = byVersion.get(version);
      if (!hit) throw badInput('UNKNOWN_POLICY_VERSION', `no policy version ${JSON.stringify(version)}`, { policyVersion: version });
      return hit;
    }
    const month = line.month;
    if (month !== undefined) {
      if (typeof month !== 'string') throw badInput('INVALID_MONTH', 'month must be a string YYYY-MM', { field: 'month' });
      return forMonth(month);
    }
    if (!fallback) throw badInput('NO_POLICY_VERSION', 'the line names no policyVersion or month, and there is no default policy version');
    return fallback;
  };
}

function idJsonOf(id: unknown): string {
  if (id === undefined) return 'null';
  if (typeof id === 'string') return JSON.stringify(id);
  if (typeof id === 'number' && Number.isFinite(id)) return String(id);
  throw badInput('INVALID_INPUT', 'id must be a string or a number', { field: 'id' });
}

function errorLine(idJson: string, e: unknown, lineNo: number): string {
  const error = isKinerjaError(e)
    ? { code: e.code, message: e.message, line: lineNo }
    : // Not a refusal but a fault of ours; still reported on its line so the run goes on.
      { code: 'INTERNAL_ERROR', message: String((e as Error)?.message ?? e), line: lineNo };
  return `{"id":${idJson},"error":${JSON.stringify(error)}}`;
}

export interface TppLineCalculator {
  /** One input line to one output line (without the newline). */
  line(text: string, lineNo: number): string;
  /** How many lines so far got an error line. */
  refused(): number;
}

export function tppLineCalculator(options: TppCalcOptions = {}): TppLineCalculator {
  const documents = options.documents ?? loadPolicyDocuments(BUNDLED_POLICY_DIR);
  const choose = policyChooser(documents, options);
  const figures = emptyFigures(); // reused: one allocation per run, not per line
  const explain = options.explain === true;
  let refused = 0;
  const refuse = (idJson: string, e: unknown, lineNo: number) => {
    refused++;
    return errorLine(idJson, e, lineNo);
  };

  const line = (text: string, lineNo: number): string => {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (e) {
      const what = text.trim() === '' ? 'empty line' : `not valid JSON (${(e as Error).message})`;
      return refuse('null', badInput('INVALID_JSON', `line ${lineNo}: ${what}`), lineNo);
    }
    let idJson = 'null';
    try {
      if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
        throw badInput('INVALID_INPUT', `line ${lineNo}: expected a JSON object`);
      const line = raw as Record<string, unknown>;
      idJson = idJsonOf(line.id);
      const policy = choose(line);
      const input = resolveTppInput(line, policy.compiled, ENVELOPE);
      if (explain) {
        const result = calculateResolvedTpp(input, policy.compiled);
        return `{"id":${idJson},${JSON.stringify({ ...result.lines, policyVersion: result.policyVersion, rows: result.rows }).slice(1)}`;
      }
      const f = figures;
      if (calculateTppFigures(input, policy.compiled, f)) {
        return `{"id":${idJson},"performancePart":"${f.performancePart}","disciplinePart":"${f.disciplinePart}","sanctionCut":"${f.sanctionCut}","gross":"${f.gross}","healthContribution":"${f.healthContribution}","employerHealthContribution":"${f.employerHealthContribution}","incomeTax":"${f.incomeTax}","net":"${f.net}","policyVersion":${policy.versionJson}}`;
      }
      const l = calculateResolvedTpp(input, policy.compiled).lines;
      return `{"id":${idJson},"performancePart":"${l.performancePart}","disciplinePart":"${l.disciplinePart}","sanctionCut":"${l.sanctionCut}","gross":"${l.gross}","healthContribution":"${l.healthContribution}","employerHealthContribution":"${l.employerHealthContribution}","incomeTax":"${l.incomeTax}","net":"${l.net}","policyVersion":${policy.versionJson}}`;
    } catch (e) {
      return refuse(idJson, e, lineNo);
    }
  };
  return { line, refused: () => refused };
}

/**
 * Streams JSON Lines from `input` to `output`. Resolves when every line has been handed to
 * `output` (it does not end `output`: that may be the process's stdout).
 */
export async function runTppCalc(
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
  options: TppCalcOptions = {},
): Promise<TppCalcSummary> {
  const calc = tppLineCalculator(options);
  const decoder = new StringDecoder('utf8');
  let pending = '';
  let batch = '';
  let lineNo = 0;

  const emit = (text: string) => {
    batch += calc.line(text, ++lineNo) + '\n';
  };
  const flush = async () => {
    if (batch.length === 0) return;
    const ok = output.write(batch);
    batch = '';
    if (!ok) await once(output as NodeJS.EventEmitter, 'drain');
  };

  for await (const chunk of input) {
    const text = pending + (typeof chunk === 'string' ? chunk : decoder.write(chunk as Buffer));
    let start = 0;
    let nl: number;
    while ((nl = text.indexOf('\n', start)) !== -1) {
      // Tolerate CRLF files: the \r is not part of the JSON.
      emit(text.slice(start, nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl));
      start = nl + 1;
      if (batch.length >= FLUSH_AT) await flush();
    }
    pending = start === 0 ? text : text.slice(start);
  }
  pending += decoder.end();
  // A last line without a newline is still a line; an empty tail after the last newline is not.
  if (pending.length > 0) emit(pending.endsWith('\r') ? pending.slice(0, -1) : pending);
  await flush();
  await new Promise<void>((resolve, reject) => output.write('', (err) => (err ? reject(err) : resolve())));
  return { lines: lineNo, refused: calc.refused() };
}

export function registerTppCommands(program: Command): Command {
  const tpp = program.command('tpp').description('TPP (Tambahan Penghasilan Pegawai) payroll');
  tpp
    .command('calc')
    .description(
      'Calculate TPP per employee: JSON Lines on stdin, one JSON line per input line on stdout, in order. ' +
        'A bad line gets {"id":..,"error":{"code","message","line"}} and the others go on.',
    )
    .option('--policies <dir>', 'folder of policy documents (*.json)', BUNDLED_POLICY_DIR)
    .option('--policy-version <id>', `policy version for lines that name none (default: ${SAMPLE_POLICY_VERSION})`)
    .option('--month <YYYY-MM>', 'use the policy version in force for this month for lines that name none')
    .option('--explain', 'print every slip line and the policy rows it used')
    .action(async (opts: { policies: string; policyVersion?: string; month?: string; explain?: boolean }) => {
      try {
        const summary = await runTppCalc(process.stdin, process.stdout, {
          documents: loadPolicyDocuments(opts.policies),
          policyVersion: opts.policyVersion,
          month: opts.month,
          explain: opts.explain,
        });
        // Refused lines are data (they are in the output); say so on stderr without failing the pipe.
        if (summary.refused > 0) process.stderr.write(`tpp calc: ${summary.lines} lines, ${summary.refused} refused\n`);
      } catch (e) {
        process.stderr.write(isKinerjaError(e) ? `tpp calc: ${e.code}: ${e.message}\n` : `tpp calc: ${String((e as Error)?.stack ?? e)}\n`);
        process.exitCode = 2;
      }
    });
  return tpp;
}
