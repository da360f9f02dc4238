import { createServer, type Socket } from 'node:net';

export interface ReceivedMail {
  from: string;
  to: string[];
  /** The message as DATA carried it, dots unstuffed, CRLF line ends. */
  data: string;
  user: string | null;
}

export interface SmtpServer {
  url(credentials?: { user: string; password: string }): string;
  mails: ReceivedMail[];
  /** While true, every RCPT is refused with 550 (a mailbox the server will not take). */
  refuseRecipients: boolean;
  close(): Promise<void>;
}

/**
 * A small SMTP server (RFC 5321's commands a client sends to submit a message, AUTH PLAIN included) on
 * a loopback port, over a real socket: the server's SMTP client is tested against the protocol, not a
 * stand-in for it. No TLS: it offers no STARTTLS, so a client speaks plain text to it.
 */
export async function startSmtpServer(account = { user: 'mailer', password: 'mail password' }): Promise<SmtpServer> {
  const mails: ReceivedMail[] = [];
  const state = { refuseRecipients: false };
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.setEncoding('utf8');
    let buffer = '';
    let user: string | null = null;
    let mail: ReceivedMail | null = null;
    let data: string[] | null = null;
    const reply = (text: string) => socket.write(`${text}\r\n`);
    const line = (text: string) => {
      if (data) {
        if (text === '.') {
          if (mail) mails.push({ ...mail, data: data.join('\r\n') });
          data = null;
          mail = null;
          reply('250 2.0.0 queued');
        } else data.push(text.startsWith('..') ? text.slice(1) : text);
        return;
      }
      const [verb = '', ...rest] = text.split(' ');
      const argument = rest.join(' ');
      switch (verb.toUpperCase()) {
        case 'EHLO':
          reply('250-smtp.test greets you');
          reply('250-AUTH PLAIN');
          reply('250 8BITMIME');
          return;
        case 'AUTH': {
          const [, plain = ''] = argument.split(' ');
          const [, name, password] = Buffer.from(plain, 'base64').toString('utf8').split('\u0000');
          if (name === account.user && password === account.password) {
            user = name;
            reply('235 2.7.0 accepted');
          } else reply('535 5.7.8 bad credentials');
          return;
        }
        case 'MAIL':
          mail = { from: argument.replace(/^FROM:<(.*)>$/i, '$1'), to: [], data: '', user };
          reply('250 2.1.0 ok');
          return;
        case 'RCPT':
          if (state.refuseRecipients) reply('550 5.1.1 no such mailbox here');
          else {
            mail?.to.push(argument.replace(/^TO:<(.*)>$/i, '$1'));
            reply('250 2.1.5 ok');
          }
          return;
        case 'DATA':
          if (!mail || mail.to.length === 0) reply('503 5.5.1 no recipients');
          else {
            data = [];
            reply('354 end with <CRLF>.<CRLF>');
          }
          return;
        case 'QUIT':
          reply('221 2.0.0 bye');
          socket.end();
          return;
        default:
          reply('500 5.5.2 what?');
      }
    };
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      for (let end = buffer.indexOf('\r\n'); end >= 0; end = buffer.indexOf('\r\n')) {
        line(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
      }
    });
    reply('220 smtp.test ESMTP ready');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('not listening on a port');
  return {
    url: (credentials) =>
      credentials
        ? `smtp://${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.password)}@127.0.0.1:${address.port}`
        : `smtp://127.0.0.1:${address.port}`,
    mails,
    get refuseRecipients() {
      return state.refuseRecipients;
    },
    set refuseRecipients(value: boolean) {
      state.refuseRecipients = value;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
