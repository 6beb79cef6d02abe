import { configCommand, CONFIG_USAGE } from './cli/config';
import type { Command } from './cli/common';
import { detectCommand, DETECT_USAGE } from './cli/detect';
import { doctorCommand, DOCTOR_USAGE } from './cli/doctor';
import { nodeCommand, NODE_USAGE } from './cli/node';
import { replayCommand, REPLAY_USAGE } from './cli/replay';
import { serveCommand, SERVE_USAGE } from './cli/serve';
import { userCommand, USER_USAGE } from './cli/users';
import { packageVersion } from './runtime';

const COMMANDS: Record<string, Command> = {
  serve: { summary: 'run the cameras, the API and the dashboard', usage: SERVE_USAGE, run: serveCommand },
  node: { summary: 'Redis mode: a worker host for cameras claimed by lease', usage: NODE_USAGE, run: nodeCommand },
  detect: {
    summary: 'run the model on pictures or videos and print what it finds',
    usage: DETECT_USAGE,
    run: detectCommand,
  },
  replay: {
    summary: "a camera's whole pipeline on recorded footage, scored against labels",
    usage: REPLAY_USAGE,
    run: replayCommand,
  },
  user: { summary: 'manage who may sign in', usage: USER_USAGE, run: userCommand },
  doctor: {
    summary: 'check ffmpeg, the model, storage, cameras, Redis and the port',
    usage: DOCTOR_USAGE,
    run: doctorCommand,
  },
  config: { summary: 'check a config file, or print the effective config', usage: CONFIG_USAGE, run: configCommand },
};

function overview(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length)) + 2;
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  cctv ${name.padEnd(width)}${c.summary}`);
  return [
    `CCTV Detection Factory ${packageVersion()}`,
    '',
    'Usage:',
    ...lines,
    '',
    '  cctv <command> --help   options of a command',
    '  cctv --version          the installed version',
  ].join('\n');
}

const wantsHelp = (argv: string[]) => argv.some((arg) => arg === '--help' || arg === '-h');

async function main(): Promise<number> {
  const [name, ...rest] = process.argv.slice(2);
  if (name === '--version' || name === '-v' || name === 'version') {
    console.log(packageVersion());
    return 0;
  }
  if (name === undefined || name === 'help' || wantsHelp([name])) {
    const topic = name === 'help' ? COMMANDS[rest[0]] : undefined;
    console.log(topic ? topic.usage : overview());
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`Unknown command "${name}".\n\n${overview()}`);
    return 2;
  }
  if (wantsHelp(rest)) {
    console.log(command.usage);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (err) {
    // node:util parseArgs: an unknown option or a missing value.
    if (String((err as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS')) {
      console.error(`${(err as Error).message}\n\n${command.usage}`);
      return 2;
    }
    throw err;
  }
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(err.message);
    process.exit(1);
  },
);
