import { Clock, systemClock } from '@kinerja/kernel';

/**
 * A progress bar on stderr: redrawn in place on a terminal, a line every few seconds otherwise
 * (CI logs), so long work always shows that it moves.
 */
export function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr, clock: Clock = systemClock) {
  let lastLine = 0;
  const tty = stream.isTTY;
  return {
    update(done: number, total: number) {
      const pct = total > 0 ? Math.min(100, Math.floor((100 * done) / total)) : 100;
      if (tty) {
        const width = 30;
        const fill = Math.round((pct / 100) * width);
        stream.write(`\r${label} [${'#'.repeat(fill)}${'.'.repeat(width - fill)}] ${pct}% ${done}/${total}`);
      } else if (clock.now().getTime() - lastLine > 2000 || done === total) {
        lastLine = clock.now().getTime();
        stream.write(`${label}: ${pct}% (${done}/${total})\n`);
      }
    },
    done() {
      if (tty) stream.write('\n');
    },
  };
}
