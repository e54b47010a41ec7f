// Preloaded into a server process (`node --import ./bench/cpu-blocks.mjs …`; bench/loop-blocks.ts
// --cpu-blocks): the main thread's longest event-loop blocks in CPU time, which a loaded machine
// does not inflate the way it inflates event-loop delays (at load 13 on 2 cores a 10 ms task can
// show as a 100 ms delay). A 1 ms timer reads the thread's on-CPU time (/proc/self/task/PID/
// schedstat, Linux); the CPU spent between two ticks is what ran in between (one task, or a
// loop iteration's run of tasks, as a delay monitor counts it), plus the read itself (~20 µs).
// Each block of at least CPU_BLOCK_REPORT_MS (default 20) is written to stderr as it is seen,
// with its time since start; the longest is written at exit.
import { readFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

if (isMainThread) {
  const path = `/proc/self/task/${process.pid}/schedstat`;
  const onCpuMs = () => Number(readFileSync(path, 'utf8').split(' ')[0]) / 1e6;
  const reportMs = Number(process.env.CPU_BLOCK_REPORT_MS ?? 20);
  const started = performance.now();
  let last = onCpuMs();
  let longest = { ms: 0, at: 0 };
  const timer = setInterval(() => {
    const now = onCpuMs();
    const ms = now - last;
    last = now;
    const at = Math.round(performance.now() - started);
    if (ms > longest.ms) longest = { ms, at };
    if (ms >= reportMs) process.stderr.write(`[cpu-block] ${ms.toFixed(1)} ms CPU (at ${at} ms)\n`);
  }, 1);
  timer.unref();
  process.on('exit', () => {
    process.stderr.write(
      `[cpu-block] longest ${longest.ms.toFixed(1)} ms CPU (at ${longest.at} ms)\n`,
    );
  });
}
