import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

// House rules of issue 12 that the lint (`npm run lint`, which also runs it over the sources) must
// actually enforce: one clock (libs/ and apps/ take "now" from the Clock, so a test or a replay can set
// it), no `any` in production code, and one path to the store (the CLI, the jobs and the demo loader
// send commands on the application layer's buses; only a handler appends).

const ROOT = join(__dirname, '..');

type EslintReport = Array<{ filePath: string; messages: Array<{ ruleId: string | null; message: string; severity: number }> }>;

function eslint(args: string[], input?: string): EslintReport {
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/eslint/bin/eslint.js'), '--format', 'json', ...args], {
    cwd: ROOT,
    input,
    encoding: 'utf8',
  });
  if (!r.stdout) throw new Error(`eslint printed nothing: ${r.stderr}`);
  return JSON.parse(r.stdout) as EslintReport;
}

const refusals = (report: EslintReport) =>
  report.flatMap((f) =>
    f.messages
      .filter((m) => m.ruleId === 'no-restricted-syntax')
      .map((m) => `${f.filePath.replace(`${ROOT}/`, '')}: ${m.message.split(' (')[0]}`),
  );

describe('one clock', () => {
  it('eslint refuses new Date() and Date.now() in library and app code, but not a date built from a value', () => {
    const code = [
      'export const a = new Date();',
      'export const b = Date.now();',
      "export const c = new Date('2026-01-01');",
      'export const d = Date.parse(c.toISOString());',
    ].join('\n');
    for (const file of ['libs/platform/src/anything.ts', 'apps/cli/src/anything.ts'])
      expect(refusals(eslint(['--stdin', '--stdin-filename', file], code))).toEqual([
        `${file}: Take "now" from the Clock`,
        `${file}: Take "now" from the Clock`,
      ]);
  });

  it('lets tests and the Clock itself read the machine time', () => {
    const code = 'export const a = new Date();\nexport const b = Date.now();\n';
    for (const file of ['libs/kernel/src/clock.ts', 'libs/platform/src/anything.spec.ts', 'test/anything.e2e.ts'])
      expect(refusals(eslint(['--stdin', '--stdin-filename', file], code))).toEqual([]);
  });
});

describe('no any', () => {
  const code = 'export function f(x: any): any {\n  return x;\n}\n';
  const anyErrors = (file: string) =>
    eslint(['--stdin', '--stdin-filename', file], code).flatMap((f) =>
      f.messages.filter((m) => m.ruleId === '@typescript-eslint/no-explicit-any' && m.severity === 2),
    );

  it('is an error in library and app sources', () => {
    for (const file of ['libs/domain/payroll/anything.ts', 'libs/platform/src/anything.ts', 'apps/api/src/anything.controller.ts'])
      expect(anyErrors(file)).toHaveLength(2);
  });

  it('is left to judgement in tests and test helpers', () => {
    for (const file of ['libs/platform/src/anything.spec.ts', 'test/anything.e2e.ts', 'libs/event-store/src/testing/contract-extra.ts'])
      expect(anyErrors(file)).toEqual([]);
  });
});

describe('one path to the store', () => {
  const refused = (file: string, code: string) =>
    eslint(['--stdin', '--stdin-filename', file], code).flatMap((f) =>
      f.messages.filter(
        (m) =>
          (m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-syntax') &&
          m.message.includes('Send a command on the application layer'),
      ),
    );
  const direct = [
    "import { handleCommand } from '@kinerja/application';",
    'export async function f(rt: { store: { append(): Promise<void> } }) {',
    '  await rt.store.append();',
    '  return handleCommand;',
    '}',
  ].join('\n');

  it('eslint refuses handleCommand and store.append in the CLI, the API and libs/platform (its jobs and the demo loader)', () => {
    for (const file of ['apps/cli/src/commands/anything.ts', 'apps/api/src/anything.controller.ts', 'libs/platform/src/reminders.ts'])
      expect(refused(file, direct)).toHaveLength(2);
  });

  it('leaves them to the handlers and the event store, and to tests setting up a history', () => {
    for (const file of [
      'libs/application/src/payroll/handlers.ts',
      'libs/event-store/src/anything.ts',
      'libs/platform/src/anything.spec.ts',
      'test/anything.e2e.ts',
    ])
      expect(refused(file, direct)).toEqual([]);
  });
});
