import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** What the tests take from deploy/hemayat.service: how systemd starts and stops the server. */
export interface ServiceUnit {
  /** ExecStart split into words; the first is the node binary. */
  execStart: string[];
  environment: Record<string, string>;
  killSignal: NodeJS.Signals;
  timeoutStopSec: number;
}

/** Reads the [Service] section of the shipped unit (plain `Key=Value` lines, `#` comments). */
export function readServiceUnit(root = process.cwd()): ServiceUnit {
  const text = readFileSync(join(root, 'deploy', 'hemayat.service'), 'utf8');
  const service = /^\[Service\]\n([\s\S]*?)(?=^\[|(?![\s\S]))/m.exec(text)?.[1] ?? '';
  const entries = service
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)] as const);
  const values = (key: string) => entries.filter(([k]) => k === key).map(([, v]) => v);
  const environment: Record<string, string> = {};
  for (const assignment of values('Environment')) {
    const at = assignment.indexOf('=');
    environment[assignment.slice(0, at)] = assignment.slice(at + 1);
  }
  return {
    execStart: (values('ExecStart')[0] ?? '').split(/\s+/),
    environment,
    killSignal: (values('KillSignal')[0] ?? 'SIGTERM') as NodeJS.Signals,
    timeoutStopSec: Number(values('TimeoutStopSec')[0] ?? 90),
  };
}
