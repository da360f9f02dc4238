import { isIP, connect as netConnect, type Socket } from 'node:net';
import { hostname } from 'node:os';
import { connect as tlsConnect } from 'node:tls';
import { type Invitation, type InvitationMailer, invitationText } from './mailer.js';

/** `smtp://[user:password@]host[:port]` (STARTTLS when the server offers it) or `smtps://…` (TLS from the start). */
export interface SmtpSettings {
  url: string;
  /** The sender's address. */
  from: string;
  /** How long one conversation may take. */
  timeoutMs?: number;
}

interface Reply {
  code: number;
  lines: string[];
}

/** A reply longer than this is not an SMTP server talking. */
const MAX_REPLY_CHARS = 64 * 1024;

/** Reads SMTP replies (`250-…` lines up to the `250 …` one) off a socket, one `next()` at a time. */
class ReplyReader {
  private text = '';
  private lines: string[] = [];
  private readonly replies: Reply[] = [];
  private readonly waiters: Array<{ resolve: (reply: Reply) => void; reject: (error: Error) => void }> = [];
  private failure: Error | null = null;

  constructor(socket: Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => this.read(chunk));
    socket.on('error', (error) => this.fail(error));
    socket.on('close', () => this.fail(new Error('the SMTP server closed the connection')));
  }

  next(): Promise<Reply> {
    const reply = this.replies.shift();
    if (reply) return Promise.resolve(reply);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  private read(chunk: string): void {
    this.text += chunk;
    if (this.text.length > MAX_REPLY_CHARS) {
      this.fail(new Error('the SMTP server sent a reply too long'));
      return;
    }
    for (let end = this.text.indexOf('\r\n'); end >= 0; end = this.text.indexOf('\r\n')) {
      const line = this.text.slice(0, end);
      this.text = this.text.slice(end + 2);
      this.lines.push(line);
      if (/^\d{3}(?: |$)/.test(line)) {
        const reply = { code: Number(line.slice(0, 3)), lines: this.lines.map((part) => part.slice(4)) };
        this.lines = [];
        const waiter = this.waiters.shift();
        if (waiter) waiter.resolve(reply);
        else this.replies.push(reply);
      }
    }
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const waiter of this.waiters.splice(0)) waiter.reject(this.failure);
  }
}

/** One address as SMTP takes it: nothing that could end the command or the header it goes in. */
function mailbox(address: string): string {
  if (/[\r\n<>\s]/.test(address)) throw new Error('an email address with line breaks, spaces or angle brackets');
  return `<${address}>`;
}

/** The message body as DATA sends it: CRLF line ends, a leading dot doubled, ended by a lone dot. */
function dataOf(headers: Record<string, string>, text: string): string {
  const head = Object.entries(headers).map(([name, value]) => `${name}: ${value.replace(/[\r\n]+/g, ' ')}`);
  const body = text.split(/\r?\n/).map((line) => (line.startsWith('.') ? `.${line}` : line));
  return `${[...head, '', ...body].join('\r\n')}\r\n.\r\n`;
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || (isIP(host) === 4 && host.startsWith('127.'));
}

/**
 * Sends invitations by SMTP (RFC 5321): EHLO, STARTTLS when offered on `smtp://`, AUTH PLAIN when the URL
 * has a user, MAIL, RCPT, DATA, QUIT. Credentials never cross an unencrypted connection except to this
 * machine. A reply outside the 2xx/3xx the step expects fails the send; the outbox tries again later.
 */
export class SmtpMailer implements InvitationMailer {
  readonly delivery = 'email';
  private readonly url: URL;

  constructor(private readonly settings: SmtpSettings) {
    this.url = new URL(settings.url);
    if (this.url.protocol !== 'smtp:' && this.url.protocol !== 'smtps:') {
      throw new Error('WEBNOVA_SMTP_URL must be smtp:// or smtps://');
    }
  }

  async send(invitation: Invitation): Promise<void> {
    const { subject, text } = invitationText(invitation);
    const data = dataOf(
      {
        From: this.settings.from,
        To: invitation.email,
        Subject: subject,
        Date: new Date().toUTCString(),
        'MIME-Version': '1.0',
        'Content-Type': 'text/plain; charset=utf-8',
        'Content-Transfer-Encoding': '8bit',
      },
      text,
    );
    await this.converse(async (say) => {
      await say(`MAIL FROM:${mailbox(this.settings.from)}`, 250);
      await say(`RCPT TO:${mailbox(invitation.email)}`, 250, 251);
      await say('DATA', 354);
      await say(data.slice(0, -2), 250);
    });
  }

  /** Opens a conversation up to a signed-in EHLO, runs `work`, says QUIT. */
  private async converse(work: (say: (line: string, ...expected: number[]) => Promise<Reply>) => Promise<void>) {
    const host = this.url.hostname.replace(/^\[|\]$/g, '');
    const secure = this.url.protocol === 'smtps:';
    const port = Number(this.url.port || (secure ? 465 : 587));
    let socket: Socket = secure ? tlsConnect({ host, port, servername: host }) : netConnect({ host, port });
    let encrypted = secure;
    socket.setTimeout(this.settings.timeoutMs ?? 30_000, () => socket.destroy(new Error('the SMTP server timed out')));
    let reader = new ReplyReader(socket);
    const say = async (line: string, ...expected: number[]): Promise<Reply> => {
      if (line !== '') socket.write(`${line}\r\n`);
      const reply = await reader.next();
      if (!expected.includes(reply.code)) {
        const shown = line.startsWith('AUTH') ? 'AUTH' : line.split(/\r\n/)[0]?.slice(0, 40);
        throw new Error(
          `the SMTP server answered ${reply.code} ${reply.lines.join(' ')} to ${shown || 'the greeting'}`,
        );
      }
      return reply;
    };
    try {
      await say('', 220);
      const helo = `EHLO ${hostname() || 'webnova-server'}`;
      let features = await say(helo, 250);
      if (!encrypted && features.lines.some((line) => /^STARTTLS\b/i.test(line))) {
        await say('STARTTLS', 220);
        socket.removeAllListeners('data');
        socket = tlsConnect({ socket, servername: host });
        reader = new ReplyReader(socket);
        encrypted = true;
        features = await say(helo, 250);
      }
      const user = decodeURIComponent(this.url.username);
      if (user) {
        if (!encrypted && !isLoopback(host)) {
          throw new Error('the SMTP server offers no TLS: the password is not sent in the clear');
        }
        const password = decodeURIComponent(this.url.password);
        await say(`AUTH PLAIN ${Buffer.from(`\u0000${user}\u0000${password}`).toString('base64')}`, 235);
      }
      await work(say);
      await say('QUIT', 221).catch(() => undefined);
    } finally {
      socket.destroy();
    }
  }
}
