export interface Progress {
  phase: string;
  done: number;
  total: number;
}

export interface ProgressReporter {
  report: (p: Progress) => void;
  /** Ends the progress output (a terminal's rewritten line gets its newline). */
  finish: () => void;
}

/**
 * Turns seed progress into readable lines like `seeding units 42% (21,400 / 51,000)`. On a
 * terminal the line of the current phase is rewritten in place; in a log (CI, a child process)
 * a line is written when a phase starts and at every 10%, so the log stays short.
 */
export function createProgressReporter(
  stream: NodeJS.WriteStream = process.stderr,
): ProgressReporter {
  const tty = stream.isTTY;
  let lastPhase = '';
  let lastStep = -1;
  return {
    report(p) {
      const pct = p.total > 0 ? Math.min(100, Math.floor((p.done / p.total) * 100)) : 100;
      const line = `seeding ${p.phase} ${pct}% (${p.done.toLocaleString('en-US')} / ${p.total.toLocaleString('en-US')})`;
      const step = Math.floor(pct / 10);
      if (tty) {
        stream.write(`${p.phase !== lastPhase && lastPhase !== '' ? '\n' : '\r'}${line}\x1b[K`);
      } else if (p.phase !== lastPhase || step !== lastStep) {
        stream.write(`${line}\n`);
      }
      lastPhase = p.phase;
      lastStep = step;
    },
    finish() {
      if (tty && lastPhase !== '') stream.write('\n');
      lastPhase = '';
    },
  };
}
