import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { demoPemda } from '../libs/application/src';
import { DecideObjectionBody, JustifyDistributionBody, OrganisationResultBody } from '../libs/contracts/src';

/**
 * The README's examples as a newcomer copies them: the OPD ids they name are the demo Pemda's,
 * and the bodies the appraisal-unit and decision rows describe list every field the API takes.
 */
const README = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');

describe('README architecture', () => {
  const { LAYERS } = require('../scripts/layers') as { LAYERS: Record<string, string[]> };
  const rows = new Map(
    README.split('\n')
      .map((l) => /^\| `libs\/([a-z-]+)(?:\/\*)?` \|[^|]*\| ([^|]*) \|$/.exec(l))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [m[1], m[2].trim() === 'nothing of ours' ? [] : m[2].split(',').map((x) => x.trim())]),
  );

  it('lists every library of libs/ with exactly the imports the lint allows it', () => {
    const libraries = readdirSync(join(__dirname, '..', 'libs')).sort();
    expect([...rows.keys()].sort()).toEqual(libraries);
    for (const lib of libraries)
      expect({ lib, imports: [...(rows.get(lib) ?? [])].sort() }).toEqual({
        lib,
        imports: [...(LAYERS[lib] ?? ['(not in LAYERS)'])].sort(),
      });
  });
});

describe('README examples', () => {
  it('names only OPD ids of the demo Pemda in routes and role grants', () => {
    const opds = new Set(
      demoPemda()
        .structure.filter((c) => c.type === 'CreateOrgUnit' && c.parentUnitId === null)
        .map((c) => (c as { unitId: string }).unitId),
    );
    const named = [
      ...README.matchAll(/\/(?:payroll\/opds|appraisal-units)\/([A-Za-z0-9_.@-]+)\//g),
      ...README.matchAll(/`(?:bendahara|ppk_skpd|kepala_opd):([A-Za-z0-9_.@-]+)`/g),
    ].map((m) => m[1]);
    expect(named.length).toBeGreaterThan(0);
    expect(named.filter((id) => !opds.has(id))).toEqual([]);
  });

  it.each([
    ['organisation-result', OrganisationResultBody],
    ['justification', JustifyDistributionBody],
    ['objection/decision', DecideObjectionBody],
  ])('documents every field of the %s body', (route, schema) => {
    const row = README.split('\n').find((l) => l.startsWith('| `POST') && l.includes(`/${route}\``));
    expect(row).toBeDefined();
    const missing = Object.keys(schema.shape).filter((field) => !new RegExp(`\\b${field}\\b`).test(row!));
    expect(missing).toEqual([]);
  });
});
