import { parseArgs } from 'node:util';
import { ConfigError } from './config/load';
import { createLogger } from './log';
import { startSystem } from './system';
import { detectCommand } from './cli/detect';
import { replayCommand } from './cli/replay';
import { userCommand } from './cli/users';
import { nodeCommand } from './cli/node';
import { loadConfigOrExplain, untilSignal } from './cli/common';

const USAGE = `Usage:
  cctv serve [--config cctv.config.json] [--no-workers]
                                           run the cameras, the API and the dashboard
                                           (--no-workers: Redis mode, cameras run on nodes only)
  cctv node [--id name] [--capacity N]     Redis mode: a worker host that runs cameras claimed by lease
  cctv detect <image|folder|video> [--json] [--out dir] [--timings] [--model file]
                                           run the model offline and print what it found
  cctv replay <video|folder> [--config file] [--camera id] [--out dir] [--labels file] [--json]
                                           a camera's whole pipeline on recorded footage, scored against labels
  cctv user add <name> --role admin|viewer | list | remove <name> | passwd <name>
                                           manage who may sign in (passwords from stdin or a prompt)`;

async function serve(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { config: { type: 'string', short: 'c' }, 'no-workers': { type: 'boolean' } },
  });
  const log = createLogger('server');
  const config = loadConfigOrExplain(values.config);
  if (!config) return 2;
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

async function main(): Promise<number> {
  const [command, ...rest] = process.argv.slice(2);
  switch (command) {
    case 'serve':
      return serve(rest);
    case 'node':
      return nodeCommand(rest);
    case 'detect':
      return detectCommand(rest);
    case 'replay':
      return replayCommand(rest);
    case 'user':
      return userCommand(rest);
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      console.log(USAGE);
      return command === undefined ? 2 : 0;
    default:
      console.error(`Unknown command "${command}".\n${USAGE}`);
      return 2;
  }
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(err.message);
    process.exit(1);
  },
);
