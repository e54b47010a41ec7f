import { loadEnv } from '../env.ts';
import { BackupError, restoreDatabase } from './backup.ts';

// `npm run restore -- FILE`: replaces DATABASE_URL with a backup after checking it is a Hemayat
// database of a migration this version knows. Stop the server first; start it again afterwards
// (it migrates an older backup forward).

const file = process.argv[2];
if (!file) {
  console.error('usage: npm run restore -- FILE');
  process.exit(2);
}
try {
  restoreDatabase(loadEnv().DATABASE_URL, file);
  console.error(`Restored ${file}. Start the server again (npm start).`);
} catch (error) {
  console.error(error instanceof BackupError ? error.message : error);
  process.exit(1);
}
