import { parseArgs } from 'node:util';
import { isDatabaseBusy } from '../db/busy.ts';
import { openDatabase } from '../db/connect.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { listUsers } from '../stores/users.ts';
import { randomPassword } from './passwords.ts';
import { addUser, changeUser, UserAdminError, type Actor } from './user-admin.ts';

const USAGE = `Usage: npm run user -- <command>
  add NAME --role admin|analyst|manager|viewer [--provinces all|IR-10,IR-23] [--password-stdin]
  passwd NAME [--password-stdin]
  role NAME admin|analyst|manager|viewer
  scope NAME all|IR-10,IR-23
  disable NAME          (ends the user's sessions)
  enable NAME
  list
Without --password-stdin a random password is generated and printed once.
Every change ends the user's sessions and is recorded in the audit log.`;

/** Reads the password from stdin, so it never shows in `ps` or shell history. */
async function readPassword(input: AsyncIterable<Buffer | string>): Promise<string> {
  let text = '';
  for await (const chunk of input) text += chunk.toString();
  return text.replace(/\r?\n$/, '');
}

export interface UserCliIo {
  databaseUrl: string;
  out?: (line: string) => void;
  err?: (line: string) => void;
  /** Where --password-stdin reads (process.stdin by default). */
  stdin?: AsyncIterable<Buffer | string>;
  /** How long to wait for an import holding SQLite's write lock (USER_CLI_WAIT_MS). */
  waitMs?: number;
}

/**
 * How long a user command waits for an import that holds SQLite's write lock: a national import
 * writes for seconds, one of ten million grants for minutes, and an operator adding a user then
 * would rather wait than be told to retry. (PostgreSQL imports do not lock the users table.)
 */
export const USER_CLI_WAIT_MS = 15 * 60_000;
/** Each attempt blocks this process (not a server) at most this long, so waiting is said soon. */
const ATTEMPT_BUSY_MS = 1000;

/**
 * `npm run user -- add|passwd|role|scope|disable|enable|list …` against DATABASE_URL.
 * @returns the exit code (0 done, 1 refused, 2 usage, 3 an import kept the database busy)
 */
export async function runUserCli(argv: string[], io: UserCliIo): Promise<number> {
  const out = io.out ?? console.log;
  const err = io.err ?? console.error;
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        role: { type: 'string' },
        provinces: { type: 'string', default: 'all' },
        'password-stdin': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    err(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  const [command, name, value] = parsed.positionals;
  const { values } = parsed;
  if (values.help || !command) {
    out(USAGE);
    return values.help ? 0 : 2;
  }
  const needsName = command !== 'list';
  if (needsName && !name) {
    err(`${command}: give the user name\n${USAGE}`);
    return 2;
  }
  const db = openDatabase(io.databaseUrl, { busyTimeoutMs: ATTEMPT_BUSY_MS });
  const actor: Actor = { username: null, ip: 'cli', now: new Date() };
  // Read (or made) once: a command retried while an import writes keeps the same password.
  let chosen: Promise<{ password: string; generated: boolean }> | null = null;
  const password = (): Promise<{ password: string; generated: boolean }> =>
    (chosen ??= values['password-stdin']
      ? readPassword(io.stdin ?? process.stdin).then((p) => ({ password: p, generated: false }))
      : Promise.resolve({ password: randomPassword(), generated: true }));
  const waitMs = io.waitMs ?? USER_CLI_WAIT_MS;
  const started = Date.now();
  let told = false;
  try {
    for (;;) {
      try {
        return await execute();
      } catch (error) {
        // A failed attempt rolled back its transaction: running the command again is safe.
        if (!isDatabaseBusy(error)) throw error;
        if (Date.now() - started >= waitMs) {
          err(
            'An import is still writing to the database; nothing was changed. Run the command again when it has finished.\n' +
              'ورود داده هنوز در حال نوشتن در پایگاه داده است و چیزی تغییر نکرد. پس از پایان آن دوباره اجرا کنید.',
          );
          return 3;
        }
        if (!told) {
          err(
            'An import is writing to the database; waiting for it to finish…\n' +
              'ورود داده در حال نوشتن در پایگاه داده است؛ تا پایان آن صبر می‌کنیم…',
          );
          told = true;
        }
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
  } finally {
    await db.destroy();
  }

  async function execute(): Promise<number> {
    try {
      await migrateToLatest(db);
      switch (command) {
        case 'add': {
          if (!values.role) {
            err(`add: --role is required\n${USAGE}`);
            return 2;
          }
          const p = await password();
          const added = await addUser(
            db,
            {
              username: name ?? '',
              role: values.role,
              provinces: values.provinces,
              password: p.password,
            },
            actor,
          );
          out(`Added ${added} (${values.role}, provinces: ${values.provinces}).`);
          if (p.generated) out(`One-time password (shown only now): ${p.password}`);
          return 0;
        }
        case 'passwd': {
          const p = await password();
          await changeUser(db, name ?? '', { password: p.password }, actor);
          out(`Password of ${name ?? ''} changed; their sessions have ended.`);
          if (p.generated) out(`One-time password (shown only now): ${p.password}`);
          return 0;
        }
        case 'role':
        case 'scope': {
          if (!value) {
            err(`${command}: give the new ${command === 'role' ? 'role' : 'provinces'}\n${USAGE}`);
            return 2;
          }
          await changeUser(
            db,
            name ?? '',
            command === 'role' ? { role: value } : { provinces: value },
            actor,
          );
          out(
            `${command === 'role' ? 'Role' : 'Provinces'} of ${name ?? ''} set to ${value}; their sessions have ended.`,
          );
          return 0;
        }
        case 'disable':
        case 'enable':
          await changeUser(db, name ?? '', { disabled: command === 'disable' }, actor);
          out(
            `${name ?? ''} ${command}d${command === 'disable' ? '; their sessions have ended' : ''}.`,
          );
          return 0;
        case 'list':
          for (const u of await listUsers(db)) {
            const scope = u.scope.provinces === 'all' ? 'all' : u.scope.provinces.join(',');
            out(`${u.username}\t${u.role}\t${scope}${u.disabled ? '\tdisabled' : ''}`);
          }
          return 0;
        default:
          err(`unknown command ${command}\n${USAGE}`);
          return 2;
      }
    } catch (error) {
      if (error instanceof UserAdminError) {
        err(`${error.message}\n${error.messageFa}`);
        return 1;
      }
      throw error;
    }
  }
}
