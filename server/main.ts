import { AdminPasswordError } from './auth/first-admin.ts';
import { EnvError, loadEnv } from './env.ts';
import { FLUSH_CAP_MS, serveApp, stopOnSignals } from './http/serve-app.ts';

/**
 * `npm start` (scripts/launch.mjs has built client and server from the current sources): validate
 * the environment, make the database ready (first start seeds it and creates the `admin` user),
 * then serve app and API on HOST:PORT until SIGTERM/SIGINT (serve-app.ts).
 */
async function main(): Promise<void> {
  const env = loadEnv();
  const app = await serveApp(env);
  stopOnSignals(() => app.close(), env.SHUTDOWN_GRACE_MS + FLUSH_CAP_MS + 15_000);
  console.log(`Hemayat is serving ${app.url}`);
}

main().catch((error: unknown) => {
  if (error instanceof EnvError || error instanceof AdminPasswordError) {
    console.error(error.message);
  } else {
    console.error('Hemayat could not start:', error);
  }
  process.exit(1);
});
