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
  // schedstat: on-CPU ns, ns waiting for a CPU (runnable), time slices.
  const read = () => readFileSync(path, 'utf8').split(' ').map(Number);
  const reportMs = Number(process.env.CPU_BLOCK_REPORT_MS ?? 20);
  const started = performance.now();
  let [lastCpu = 0, lastWait = 0] = read();
  let lastWall = performance.now();
  let longest = { ms: 0, at: 0 };
  // The longest stretch between ticks the thread was neither running nor waiting for a CPU:
  // blocked in a system call (a read from disk), which the CPU figure does not show.
  let offCpu = { ms: 0, at: 0 };
  const timer = setInterval(() => {
    const [cpu = 0, wait = 0] = read();
    const wall = performance.now();
    const ms = (cpu - lastCpu) / 1e6;
    const blocked = wall - lastWall - ms - (wait - lastWait) / 1e6 - 1;
    [lastCpu, lastWait, lastWall] = [cpu, wait, wall];
    const at = Math.round(wall - started);
    if (ms > longest.ms) longest = { ms, at };
    if (blocked > offCpu.ms) offCpu = { ms: blocked, at };
    if (ms >= reportMs) process.stderr.write(`[cpu-block] ${ms.toFixed(1)} ms CPU (at ${at} ms)\n`);
  }, 1);
  timer.unref();
  process.on('exit', () => {
    process.stderr.write(
      `[cpu-block] longest ${longest.ms.toFixed(1)} ms CPU (at ${longest.at} ms); longest time blocked off CPU between ticks ${offCpu.ms.toFixed(1)} ms (at ${offCpu.at} ms)\n`,
    );
  });
}
