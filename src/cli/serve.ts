import { parseArgs } from 'node:util';
import { ConfigError } from '../config/load';
import { configSchema } from '../config/schema';
import { createLogger } from '../log';
import { startSystem } from '../system';
import { loadConfigOrExplain, untilSignal } from './common';

export const SERVE_USAGE = `Usage: cctv serve [options]
Runs the cameras, the API and the dashboard. Without a config file: the demo camera.
  --config, -c <file>        config file (default: CCTV_CONFIG, else ./cctv.config.json)
  --supervisor builtin|pm2   who runs the camera workers (default: the config's "supervisor",
                             builtin): pm2 runs each as its own PM2 process, cctv-cam-<id>
  --no-workers               Redis mode: no camera workers here, they run on nodes`;

/** `cctv serve`: the whole system, until Ctrl-C or a stop request. */
export async function serveCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      config: { type: 'string', short: 'c' },
      supervisor: { type: 'string' },
      'no-workers': { type: 'boolean' },
    },
  });
  const config = loadConfigOrExplain(values.config);
  if (!config) return 2;
  if (values.supervisor !== undefined) {
    const supervisor = configSchema.shape.supervisor.safeParse(values.supervisor);
    if (!supervisor.success) {
      console.error(`--supervisor: expected builtin or pm2, got "${values.supervisor}"`);
      return 2;
    }
    config.supervisor = supervisor.data;
  }
  const log = createLogger('server');
  // Secrets read into the config stay out of the environment that camera workers inherit.
  for (const name of ['ADMIN_PASSWORD', 'METRICS_TOKEN']) delete process.env[name];
  let system;
  try {
    system = await startSystem(config, log, { localWorkers: !values['no-workers'] });
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      return 2;
    }
    throw err;
  }
  const shown = system.url.replace('://0.0.0.0', '://127.0.0.1');
  log.info({ url: shown, cameras: config.cameras.length }, 'CCTV Detection Factory is running');
  console.log(`\n  Dashboard: ${shown}\n`);
  await untilSignal();
  log.info('shutting down');
  await system.close();
  return 0;
}
