// `cctv user add|list|remove|passwd`: manage who may sign in. Passwords are read from standard
// input (first line) or an interactive prompt that does not echo — never from the command line,
// where other users of the machine could read them in the process list.
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { ZodError } from 'zod';
import { loadConfigOrExplain } from './common';
import { databaseFile, openDatabase } from '../store/db';
import { passwordSchema, ROLES, UserError, userNameSchema, UserStore, type Role } from '../store/users';

export const USER_USAGE = `Usage:
  cctv user add <name> --role admin|viewer   (password from stdin or a prompt)
  cctv user passwd <name>                    (new password from stdin or a prompt; ends their sessions)
  cctv user remove <name>
  cctv user list
Options: --config FILE (the same config file as serve, to find the data folder)`;

/** Reads a line from the terminal without echoing it. */
function promptHidden(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let muted = false;
    const output = new Writable({
      write(chunk, _enc, done) {
        if (!muted) process.stderr.write(chunk);
        done();
      },
    });
    const rl = createInterface({ input: process.stdin, output, terminal: true });
    rl.question(question, (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    });
    muted = true;
    rl.on('SIGINT', () => {
      rl.close();
      reject(new Error('cancelled'));
    });
  });
}

async function readStdinLine(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) {
    text += String(chunk);
    if (text.includes('\n')) break;
  }
  return text.split(/\r?\n/)[0] ?? '';
}

async function readPassword(): Promise<string> {
  let password: string;
  if (process.stdin.isTTY) {
    password = await promptHidden('Password: ');
    const again = await promptHidden('Password again: ');
    if (password !== again) throw new UserError('the passwords differ');
  } else {
    password = await readStdinLine();
  }
  const checked = passwordSchema.safeParse(password);
  if (!checked.success) throw new UserError(`password: ${checked.error.issues[0].message}`);
  return password;
}

export async function userCommand(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { role: { type: 'string', short: 'r' }, config: { type: 'string', short: 'c' } },
    });
  } catch (err) {
    console.error(`${(err as Error).message}\n${USER_USAGE}`);
    return 2;
  }
  const [action, name, ...extra] = parsed.positionals;
  if (!action || extra.length || (action !== 'list' && !name)) {
    console.error(USER_USAGE);
    return 2;
  }

  // Only the data folder is wanted: a model or media file missing does not matter here.
  const config = loadConfigOrExplain(parsed.values.config, { checkFiles: false });
  if (!config) return 2;
  const db = openDatabase(databaseFile(config.storage.dir));
  const users = new UserStore(db);
  try {
    if (name !== undefined && action !== 'list') {
      const checked = userNameSchema.safeParse(name);
      if (!checked.success) throw new UserError(`name: ${checked.error.issues[0].message}`);
    }
    switch (action) {
      case 'add': {
        const role = parsed.values.role as Role | undefined;
        if (!role || !ROLES.includes(role)) throw new UserError('--role admin or --role viewer is required');
        if (users.get(name))
          throw new UserError(`a user named ${name} exists already (change the password with \`user passwd\`)`);
        const user = await users.add(name, role, await readPassword());
        console.log(`Added ${user.role} ${user.name}.`);
        return 0;
      }
      case 'passwd': {
        if (!users.get(name)) throw new UserError(`no user named ${name}`);
        await users.setPassword(name, await readPassword());
        console.log(`Changed the password of ${name}; their sessions have ended.`);
        return 0;
      }
      case 'remove':
        users.remove(name);
        console.log(`Removed ${name}.`);
        if (users.count() === 0)
          console.log('No users are left: only a server listening on 127.0.0.1 will start (without sign-in).');
        return 0;
      case 'list': {
        const all = users.list();
        if (!all.length) console.log('No users. Add the first admin with: cctv user add <name> --role admin');
        for (const u of all) console.log(`${u.name.padEnd(24)} ${u.role.padEnd(7)} created ${u.createdAt}`);
        return 0;
      }
      default:
        console.error(`Unknown user action "${action}".\n${USER_USAGE}`);
        return 2;
    }
  } catch (err) {
    if (err instanceof UserError) {
      console.error(err.message);
      return 1;
    }
    if (err instanceof ZodError) {
      console.error(err.issues.map((i) => i.message).join('; '));
      return 1;
    }
    throw err;
  } finally {
    db.close();
  }
}
