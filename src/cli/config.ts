// `cctv config check FILE` and `cctv config print [--config FILE]`.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config/load';
import { defaultModelPath } from '../config/paths';
import { redactConfig } from '../config/redact';

export const CONFIG_USAGE = `Usage:
  cctv config check <file>            is the file valid, and does every file it names exist?
                                      (names each wrong field and why; exit 2 when not)
  cctv config print [--config <file>] the effective config, defaults and environment overrides
                                      included, secrets masked (default file: as for serve)`;

export async function configCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { config: { type: 'string', short: 'c' } },
  });
  const [action, file, ...extra] = positionals;
  if (action === 'check' && file && !extra.length) return check(file);
  if (action === 'print' && !file) return print(values.config);
  console.error(CONFIG_USAGE);
  return 2;
}

function check(file: string): number {
  try {
    const config = loadConfig({ file });
    const model = config.model.path === path.resolve(defaultModelPath()) ? ' (the default model)' : '';
    console.log(`${path.resolve(file)}: valid`);
    console.log(`  model ${config.model.path}${model}`);
    console.log(`  ${config.cameras.length} camera(s); supervisor ${config.supervisor}; port ${config.port}`);
    return 0;
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(err.message);
    return 2;
  }
}

function print(file: string | undefined): number {
  try {
    const config = loadConfig({ file, checkFiles: false });
    console.log(JSON.stringify(redactConfig(config), null, 2));
    return 0;
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(err.message);
    return 2;
  }
}
