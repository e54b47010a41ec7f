import { EnvError, loadEnv } from '../env.ts';
import { runUserCli } from './user-commands.ts';

// `npm run user -- add|passwd|role|scope|disable|enable|list …` (see user-commands.ts).
try {
  process.exitCode = await runUserCli(process.argv.slice(2), {
    databaseUrl: loadEnv().DATABASE_URL,
  });
} catch (error) {
  if (error instanceof EnvError) console.error(error.message);
  else console.error('user command failed:', error);
  process.exitCode = 1;
}
