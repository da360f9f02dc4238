import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrapRootOwner } from '../src/bootstrap.js';
import { SmtpMailer } from '../src/invitations/smtp.js';
import { passwordOf, TestClient } from './support/client.js';
import { postgresTestDatabase, type TestDatabase } from './support/databases.js';
import { type SmtpServer, startSmtpServer } from './support/smtp-server.js';
import { testApp } from './support/test-app.js';
import { ROOT } from './support/world.js';

const ACCOUNT = { user: 'mailer', password: 'mail password' };

/** The token in a delivered invitation's text. */
function tokenIn(data: string): string {
  const match = /"token": "([A-Za-z0-9_-]{43})"/.exec(data);
  if (!match?.[1]) throw new Error(`no token in ${data}`);
  return match[1];
}

describe('invitations reach only the invitee, through the outbox', () => {
  let smtp: SmtpServer;
  let testDb: TestDatabase;
  let app: FastifyInstance;
  const client = new TestClient(() => app);
  let rootToken: string;
  let tenantId: string;

  beforeAll(async () => {
    smtp = await startSmtpServer(ACCOUNT);
    testDb = await postgresTestDatabase();
    app = testApp(testDb.db, {
      mailer: new SmtpMailer({ url: smtp.url(ACCOUNT), from: 'webnova@clinic.example', timeoutMs: 10_000 }),
    });
    await bootstrapRootOwner(testDb.db, ROOT.email, ROOT.password);
    rootToken = await client.login(ROOT.email, ROOT.password);
    tenantId = await client.tenant(rootToken, 'Clinic S');
  });
  afterAll(async () => {
    await app?.close();
    await testDb?.dispose();
    await smtp?.close();
  });

  const invite = (email: string, role = 'member') =>
    client.call({ method: 'POST', url: `/tenants/${tenantId}/users`, token: rootToken, payload: { email, role } });
  const outboxRows = () =>
    testDb.db.transaction('installation', (tx) =>
      tx.query<{ recipient: string; attempts: number }>('select recipient, attempts from outbox order by created_at'),
    );

  it('mails the token to the invitee by SMTP and tells the inviter only how it went', async () => {
    const answer = await invite('nurse@clinic.example');
    expect(answer.status).toBe(201);
    expect(answer.body.invitation).toEqual({ delivery: 'email' });
    expect(answer.text).not.toMatch(/token/i);
    const [mail] = smtp.mails;
    expect(mail).toMatchObject({ from: 'webnova@clinic.example', to: ['nurse@clinic.example'], user: 'mailer' });
    expect(mail?.data).toMatch(/^From: webnova@clinic\.example\r\nTo: nurse@clinic\.example\r\nSubject: /);
    expect(mail?.data).toContain('Clinic S');
    const accepted = await client.call({
      method: 'POST',
      url: '/auth/accept-invitation',
      payload: { token: tokenIn(mail?.data ?? ''), password: passwordOf('nurse@clinic.example') },
    });
    expect(accepted.status).toBe(200);
    // Delivered: the row, and the token in it, are gone.
    expect(await outboxRows()).toEqual([]);
  });

  it('keeps an invitation the SMTP server refused, and delivers it on a later sweep', async () => {
    smtp.refuseRecipients = true;
    const answer = await invite('porter@clinic.example');
    expect(answer.status).toBe(201);
    expect(await outboxRows()).toEqual([{ recipient: 'porter@clinic.example', attempts: 1 }]);
    smtp.refuseRecipients = false;
    // Its next try is due (the back-off has passed), and the next invitation's sweep takes both.
    await testDb.db.transaction('installation', (tx) => tx.query('update outbox set next_attempt_at = now()'));
    expect((await invite('cook@clinic.example')).status).toBe(201);
    expect(smtp.mails.map((mail) => mail.to[0])).toEqual([
      'nurse@clinic.example',
      'porter@clinic.example',
      'cook@clinic.example',
    ]);
    expect(await outboxRows()).toEqual([]);
  });

  it('stops at a reply it did not expect: bad credentials, a dot-stuffed body intact', async () => {
    const wrong = new SmtpMailer({
      url: smtp.url({ user: 'mailer', password: 'wrong' }),
      from: 'webnova@clinic.example',
    });
    await expect(
      wrong.send({ email: 'x@clinic.example', token: 't'.repeat(43), tenantName: 'Clinic S', role: 'member' }),
    ).rejects.toThrow(/535/);
    const mailer = new SmtpMailer({ url: smtp.url(ACCOUNT), from: 'webnova@clinic.example' });
    await mailer.send({
      email: 'y@clinic.example',
      token: 'u'.repeat(43),
      tenantName: '.Dotted\n.\nName',
      role: 'member',
    });
    expect(smtp.mails.at(-1)?.data).toContain('invited to .Dotted\r\n.\r\nName on WebNova');
    await expect(
      mailer.send({
        email: 'z@clinic.example>\r\nRCPT TO:<evil@example.org',
        token: 'v',
        tenantName: 'S',
        role: 'member',
      }),
    ).rejects.toThrow(/line breaks/);
  });
});
