import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { EmailChannel } from '../../src/alerts/email';
import { sampleAlert } from './sample';

let cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.reverse()) await fn();
  cleanup = [];
});

/** A real SMTP server on 127.0.0.1 that takes user "alerts" / "s3cret" and keeps what arrives. */
async function startSmtp() {
  const mails: Buffer[] = [];
  const server = new SMTPServer({
    authOptional: false,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    onAuth(auth, _session, done) {
      if (auth.username === 'alerts' && auth.password === 's3cret') done(null, { user: 'alerts' });
      else done(new Error('Invalid username or password'));
    },
    onData(stream, _session, done) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push(Buffer.concat(chunks));
        done();
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.server.address() as AddressInfo;
  cleanup.push(() => new Promise<void>((r) => server.close(() => r())));
  return { port, mails };
}

const options = (port: number, password: string) => ({
  id: 'officer',
  host: '127.0.0.1',
  port,
  security: 'none' as const,
  username: 'alerts',
  password,
  from: 'cctv@factory.example',
  to: ['safety@factory.example'],
  timeoutMs: 5000,
  allowSelfSigned: false,
});

/** The headers, text and attachments of a multipart mail, read the plain way (quoted-printable and base64). */
function readMail(raw: Buffer) {
  const text = raw.toString('latin1');
  const headers = text.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, ' ');
  const header = (name: string) => new RegExp(`^${name}: (.*)$`, 'mi').exec(headers)?.[1].trim();
  const boundary = /boundary="?([^";\r\n]+)"?/.exec(text)![1];
  const parts = text.split(`--${boundary}`).slice(1, -1);
  const attachments = parts
    .filter((p) => /Content-Disposition: attachment/i.test(p))
    .map((p) => ({
      filename: /filename="?([^";\r\n]+)"?/.exec(p)![1],
      content: Buffer.from(
        p
          .split(/\r?\n\r?\n/)
          .slice(1)
          .join(''),
        'base64',
      ),
    }));
  const body = parts.find((p) => /Content-Type: text\/plain/i.test(p)) ?? '';
  const plain = body
    .split(/\r?\n\r?\n/)
    .slice(1)
    .join('\n')
    .replace(/=\r?\n/g, '')
    .replace(/=3D/g, '=');
  return { subject: header('Subject'), messageId: header('Message-ID'), text: plain, attachments };
}

describe('e-mail channel (real SMTP server)', () => {
  it('sends the camera and kinds in the subject, the link, and both JPEGs attached', async () => {
    const smtp = await startSmtp();
    const channel = new EmailChannel(options(smtp.port, 's3cret'));
    cleanup.push(() => channel.close());

    await channel.send(await sampleAlert(), 'cap-1:officer');

    expect(smtp.mails).toHaveLength(1);
    const mail = readMail(smtp.mails[0]);
    expect(mail.subject).toBe('PPE violation - Gate (North yard): no-helmet, no-vest in loading bay');
    expect(mail.text).toContain('http://dash.example/#/violations/cap-1');
    expect(mail.messageId).toBe('<cap-1:officer@cctv-detection-factory>');
    expect(mail.attachments.map((a) => a.filename)).toEqual(['cap-1_crop.jpg', 'cap-1_frame.jpg']);
    for (const a of mail.attachments) expect([...a.content.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
  });

  it('an authentication failure fails the send with the server’s reason', async () => {
    const smtp = await startSmtp();
    const channel = new EmailChannel(options(smtp.port, 'wrong'));
    cleanup.push(() => channel.close());
    await expect(channel.send(await sampleAlert(), 'cap-1:officer')).rejects.toThrow(
      /SMTP 535.*Invalid username or password/,
    );
    expect(smtp.mails).toHaveLength(0);
  });
});
