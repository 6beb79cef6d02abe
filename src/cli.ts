import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from './config/load';
import { createLogger } from './log';
import { startSystem } from './system';
import { detectCommand } from './cli/detect';

const USAGE = `Usage:
  cctv serve [--config cctv.config.json]   run the cameras, the API and the dashboard
  cctv detect <image|folder|video> [--json] [--out dir] [--timings] [--model file]
                                           run the model offline and print what it found`;

async function serve(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { config: { type: 'string', short: 'c' } } });
  const log = createLogger('server');
  let config;
  try {
    config = loadConfig({ file: values.config });
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      return 2;
    }
    throw err;
  }
  const system = await startSystem(config, log);
  const shown = system.url.replace('://0.0.0.0', '://127.0.0.1');
  log.info({ url: shown, cameras: config.cameras.length }, 'CCTV Detection Factory is running');
  console.log(`\n  Dashboard: ${shown}\n`);
  await new Promise<void>((resolve) => {
    const shutdown = () => resolve();
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  });
  log.info('shutting down');
  await system.close();
  return 0;
}

async function main(): Promise<number> {
  const [command, ...rest] = process.argv.slice(2);
  switch (command) {
    case 'serve':
      return serve(rest);
    case 'detect':
      return detectCommand(rest);
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
