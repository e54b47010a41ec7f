import { loadEnv } from '../env.ts';
import { backupDatabase, BackupError } from './backup.ts';

// `npm run backup -- FILE` (or `--out FILE`): a consistent copy of DATABASE_URL, safe while the
// server runs (SQLite's online backup API; pg_dump on PostgreSQL).

const args = process.argv.slice(2);
const out = args[0] === '--out' ? args[1] : args[0];
if (!out) {
  console.error('usage: npm run backup -- FILE');
  process.exit(2);
}
try {
  const started = Date.now();
  await backupDatabase(loadEnv().DATABASE_URL, out);
  console.error(`Backed up to ${out} in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
} catch (error) {
  console.error(error instanceof BackupError ? error.message : error);
  process.exit(1);
}
