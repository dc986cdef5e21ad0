/**
 * Reading policy documents from disk: the only I/O in this library, kept apart from the pure
 * parsing and choosing so those stay testable without files.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { badInput } from '@kinerja/kernel';
import { BUNDLED_POLICY_DIR } from './bundled';
import { parsePolicyDocuments, type PolicyDocument } from './policy-document';

export { BUNDLED_POLICY_DIR, SAMPLE_POLICY_VERSION } from './bundled';

export function loadPolicyDocuments(dir: string = BUNDLED_POLICY_DIR): PolicyDocument[] {
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((n) => n.endsWith('.json'))
      .sort();
  } catch (e) {
    throw badInput('POLICY_DIR_UNREADABLE', `cannot read policy folder ${dir}: ${(e as Error).message}`, { dir });
  }
  return parsePolicyDocuments(
    names.map((name) => {
      const source = join(dir, name);
      const text = readFileSync(source, 'utf8');
      try {
        return { source, value: JSON.parse(text) as unknown };
      } catch (e) {
        throw badInput('INVALID_POLICY_DOCUMENT', `${source} is not valid JSON: ${(e as Error).message}`, { source });
      }
    }),
  );
}

/** The national holidays and cuti bersama shipped for a year (`documents/calendars/<year>.json`), or null when none is. */
export function loadShippedCalendar(
  year: number,
  dir: string = join(BUNDLED_POLICY_DIR, 'calendars'),
): Array<{ date: unknown; kind: unknown; name: unknown }> | null {
  let text: string;
  try {
    text = readFileSync(join(dir, `${String(year)}.json`), 'utf8');
  } catch {
    return null;
  }
  const days = (JSON.parse(text) as { days?: unknown }).days;
  if (!Array.isArray(days)) throw badInput('INVALID_HOLIDAY', `${dir}/${year}.json has no days list`, { year });
  return days as Array<{ date: unknown; kind: unknown; name: unknown }>;
}
