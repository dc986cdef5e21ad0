import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

// The lint that keeps converted controllers thin (README, "Application layer") must actually fire:
// a controller that reaches for the store, pg, the runtime or a service fails `npm run lint`.

const ROOT = join(__dirname, '../../../..');
// The list the lint configs read, so every converted controller is checked to pass.
const { CONVERTED_CONTROLLERS } = require(join(ROOT, 'scripts/converted-controllers.js')) as { CONVERTED_CONTROLLERS: string[] };
const CONTROLLER = 'apps/api/src/people/employees.controller.ts';

/** A lint tool's JSON report, whatever its exit status (it exits 1 when it finds something). */
function report<T>(tool: string, args: string[], cwd: string, input?: string): T {
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules', tool), ...args], { cwd, input, encoding: 'utf8' });
  if (!r.stdout) throw new Error(`${tool} printed nothing: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

type EslintReport = Array<{ messages: Array<{ ruleId: string; message: string }> }>;
const ESLINT = 'eslint/bin/eslint.js';

describe('a converted controller may only dispatch', () => {
  it('eslint refuses an application service imported by a converted controller, and passes every converted one', () => {
    const bad =
      "import { ChangeEmployee, PeopleService } from '@kinerja/application';\nexport const used = [ChangeEmployee, PeopleService];\n";
    const [result] = report<EslintReport>(ESLINT, ['--format', 'json', '--stdin', '--stdin-filename', CONTROLLER], ROOT, bad);
    expect(result.messages.map((m) => [m.ruleId, m.message.split('.')[0]])).toEqual([
      ['no-restricted-imports', "'PeopleService' import from '@kinerja/application' is restricted from being used by a pattern"],
    ]);
    const real = report<EslintReport>(ESLINT, ['--format', 'json', ...CONVERTED_CONTROLLERS], ROOT);
    expect(real.flatMap((r) => r.messages.map((m) => m.ruleId))).toEqual([]);
  });

  it('dependency-cruiser refuses the event store, pg, the runtime, a read model and a service file in a converted controller', () => {
    // A copy of the layout with one offending controller, cruised with the project's own rules.
    const dir = mkdtempSync(join(tmpdir(), 'kinerja-layering-'));
    try {
      const write = (file: string, text: string) => {
        mkdirSync(dirname(join(dir, file)), { recursive: true });
        writeFileSync(join(dir, file), text);
      };
      for (const lib of [
        'event-store/src/index.ts',
        'projections/src/index.ts',
        'application/src/people/service.ts',
        'application/src/index.ts',
      ])
        write(`libs/${lib}`, 'export const x = 1;\n');
      write('apps/api/src/runtime.token.ts', 'export const x = 1;\n');
      write(
        CONTROLLER,
        [
          "import { x as a } from '../../../../libs/event-store/src/index';",
          "import { x as b } from '../../../../libs/projections/src/index';",
          "import { x as c } from '../../../../libs/application/src/people/service';",
          "import { x as d } from '../../../../libs/application/src/index';",
          "import { x as e } from '../runtime.token';",
          "import { Pool } from 'pg';",
          'export const used = [a, b, c, d, e, Pool];',
        ].join('\n'),
      );
      symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
      write('package.json', JSON.stringify({ dependencies: { pg: '*' } }));
      // The project's rules, without its tsconfig paths (the copy imports by relative path).
      write(
        '.dependency-cruiser.js',
        `const c = require(${JSON.stringify(join(ROOT, '.dependency-cruiser.js'))});\nmodule.exports = { ...c, options: { ...c.options, tsConfig: undefined } };\n`,
      );
      type CruiseReport = { summary: { violations: Array<{ rule: { name: string }; from: string; to: string }> } };
      const { violations } = report<CruiseReport>(
        'dependency-cruiser/bin/dependency-cruise.mjs',
        ['apps', 'libs', '--config', '.dependency-cruiser.js', '--output-type', 'json'],
        dir,
      ).summary;
      const refused = violations
        .filter((v) => v.rule.name === 'controller-only-dispatches')
        .map((v) => v.to.replace(/^.*node_modules\//, 'node_modules/'));
      expect(refused.sort()).toEqual([
        'apps/api/src/runtime.token.ts',
        'libs/application/src/people/service.ts',
        'libs/event-store/src/index.ts',
        'libs/projections/src/index.ts',
        expect.stringMatching(/^node_modules\/pg\//),
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
