import { request as httpRequest } from 'node:http';
import { expect } from 'vitest';
import type { Answer } from '../support/client.js';
import { tenantsSeenAfter } from '../support/role-escapes.js';
import { type Arena, passwordOf, unique, wrongCode } from './arena.js';

export type Engine = 'postgres' | 'pglite';

/** What the server must answer: a problem (status and code), or, below HTTP, what a statement gets. */
export type Refusal = { status: number; code: string } | { sql: 'denied' | 'own-tenant-only' };

export interface RedTeamCase {
  class: 'invitation' | 'quorum' | 'throttling' | 'rls' | 'input';
  attack: string;
  refusal: Refusal;
  /** Where it is meaningful (default: both). PGlite's one user is a superuser: no role escape is closed there. */
  engines?: Engine[];
  /** Mounts the attack; returns what must be the refusal, and checks on the way what else must hold. */
  run(arena: Arena): Promise<Answer | { sql: 'denied' | 'own-tenant-only' | 'escaped' }>;
}

let address = 0;
/** A client address no other case uses (documentation ranges: never a real host). */
const freshAddress = () => `203.0.113.${++address}`;

/** Answers of a burst, counted by status; every 429 must say when to come back. */
function tally(answers: Answer[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const answer of answers) {
    counts[answer.status] = (counts[answer.status] ?? 0) + 1;
    if (answer.status === 429) expect(Number(answer.headers['retry-after'])).toBeGreaterThan(0);
  }
  return counts;
}

const lastOf = (answers: Answer[], status: number) => {
  const found = answers.filter((answer) => answer.status === status).at(-1);
  if (!found) throw new Error(`no ${status} among ${answers.map((answer) => answer.status).join(' ')}`);
  return found;
};

/** Every string in a JSON answer, however deep: what an inviter could try as a token. */
function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value && typeof value === 'object') return Object.values(value).flatMap(stringsIn);
  return [];
}

const deep = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

/** A raw HTTP exchange on a real socket: for what Node refuses before Fastify sees a request. */
function rawRequest(base: string, path: string, headers: Record<string, string>): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(`${base}${path}`, { method: 'GET', headers }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        text += chunk;
      });
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: JSON.parse(text), text }),
      );
    });
    request.on('error', reject);
    request.end();
  });
}

export const RED_TEAM_CASES: RedTeamCase[] = [
  // Invitations: the token is the invitee's alone.
  {
    class: 'invitation',
    attack: 'the inviter accepts the invitation with anything the invite answer holds',
    refusal: { status: 404, code: 'NOT_FOUND' },
    async run(arena) {
      const squad = await arena.squad();
      const email = `${unique('puppet')}@squad.example`;
      const invited = await arena.call({
        method: 'POST',
        url: `/tenants/${squad.id}/users`,
        token: squad.sovereign.token,
        payload: { email, role: 'member' },
      });
      expect(invited.status).toBe(201);
      expect(invited.body.invitation).toEqual({ delivery: 'server-log' });
      const candidates = stringsIn(invited.body).filter((text) => text.length >= 20 && text.length <= 200);
      expect(candidates.length).toBeGreaterThan(0);
      const tries = [];
      for (const token of candidates) {
        tries.push(
          await arena.call({
            method: 'POST',
            url: '/auth/accept-invitation',
            payload: { token, password: 'the puppet master wins' },
          }),
        );
      }
      // The invitee's token went to the operator's log, and only there.
      expect(arena.invitationLogged(email)).toBe(true);
      return lastOf(tries, 404);
    },
  },
  {
    class: 'invitation',
    attack: 'an owner invites a sockpuppet owner to reach a quorum of 2 alone: no invitation goes out unapproved',
    refusal: { status: 404, code: 'NOT_FOUND' },
    async run(arena) {
      const squad = await arena.squad(2);
      const [owner] = squad.owners;
      if (!owner) throw new Error('no owner');
      const target = await arena.propose(squad.id, owner.token, { quorum: 2 });
      expect((await arena.review(squad.id, target.body.id, 'approve', owner.token)).body.status).toBe('pending');
      const email = `${unique('sockpuppet')}@squad.example`;
      const invited = await arena.call({
        method: 'POST',
        url: `/tenants/${squad.id}/users`,
        token: owner.token,
        payload: { email, role: 'owner' },
      });
      expect(invited.status).toBe(202);
      const grant = invited.body.decision as { id: string; quorum: number };
      expect(grant.quorum).toBe(2); // two of the three approvers
      expect((await arena.review(squad.id, grant.id, 'approve', owner.token)).body.status).toBe('pending');
      expect(arena.invitationLogged(email)).toBe(false);
      return arena.call({
        method: 'POST',
        url: '/auth/accept-invitation',
        payload: { token: grant.id.replaceAll('-', '').padEnd(43, 'x'), password: 'the puppet master wins' },
      });
    },
  },
  // Quorum: who may approve is fixed when a decision is proposed, and checked again when they approve.
  {
    class: 'quorum',
    attack: 'a forged member.role decision through the decisions route, with a quorum of 1',
    refusal: { status: 400, code: 'INVALID_INPUT' },
    async run(arena) {
      const squad = await arena.squad(1, 1);
      const [member] = squad.members;
      return arena.propose(squad.id, squad.sovereign.token, {
        kind: 'member.role',
        quorum: 1,
        payload: { change: 'update', userId: member?.id ?? '', patch: { role: 'sovereign' } },
      });
    },
  },
  {
    class: 'quorum',
    attack: 'self-promotion: a member with users.manage makes themself an owner',
    refusal: { status: 403, code: 'PERMISSION_DENIED' },
    async run(arena) {
      const squad = await arena.squad(0, 1);
      const [member] = squad.members;
      if (!member) throw new Error('no member');
      await arena.patchUser(squad.id, member.id, squad.sovereign.token, { permissions: ['users.manage'] });
      return arena.patchUser(squad.id, member.id, member.token, { role: 'owner' });
    },
  },
  {
    class: 'quorum',
    attack: 'self-promotion: a member with users.manage grants decisions.approve to their accomplice',
    refusal: { status: 403, code: 'PERMISSION_DENIED' },
    async run(arena) {
      const squad = await arena.squad(0, 2);
      const [member, accomplice] = squad.members;
      if (!member || !accomplice) throw new Error('no members');
      await arena.patchUser(squad.id, member.id, squad.sovereign.token, { permissions: ['users.manage'] });
      return arena.patchUser(squad.id, accomplice.id, member.token, { permissions: ['decisions.approve'] });
    },
  },
  {
    class: 'quorum',
    attack: 'an owner grants decisions.approve to a member, who approves before the other approvers agree',
    refusal: { status: 403, code: 'PERMISSION_DENIED' },
    async run(arena) {
      const squad = await arena.squad(1, 1);
      const [owner] = squad.owners;
      const [member] = squad.members;
      if (!owner || !member) throw new Error('no people');
      const grant = await arena.patchUser(squad.id, member.id, owner.token, { permissions: ['decisions.approve'] });
      expect(grant.status).toBe(202);
      const target = await arena.propose(squad.id, owner.token, { quorum: 2 });
      return arena.review(squad.id, target.body.id, 'approve', member.token);
    },
  },
  {
    class: 'quorum',
    attack: "a demoted approver's approval of a decision proposed while they were an owner",
    refusal: { status: 403, code: 'PERMISSION_DENIED' },
    async run(arena) {
      const squad = await arena.squad(2);
      const [owner, demoted] = squad.owners;
      if (!owner || !demoted) throw new Error('no owners');
      const target = await arena.propose(squad.id, owner.token, { quorum: 2 });
      const demotion = await arena.patchUser(squad.id, demoted.id, squad.sovereign.token, { role: 'member' });
      expect(demotion.status).toBe(200);
      return arena.review(squad.id, target.body.id, 'approve', demoted.token);
    },
  },
  {
    class: 'quorum',
    attack: 'a member whose decisions.approve was taken away after the proposal approves it',
    refusal: { status: 403, code: 'PERMISSION_DENIED' },
    async run(arena) {
      const squad = await arena.squad(0, 1);
      const [member] = squad.members;
      if (!member) throw new Error('no member');
      const grant = await arena.patchUser(squad.id, member.id, squad.sovereign.token, {
        permissions: ['decisions.approve'],
      });
      await arena.client.approveAll(squad.id, grant, [squad.sovereign.token]);
      const target = await arena.propose(squad.id, squad.sovereign.token, { quorum: 2 });
      await arena.patchUser(squad.id, member.id, squad.sovereign.token, { permissions: [] });
      return arena.review(squad.id, target.body.id, 'approve', member.token);
    },
  },
  {
    class: 'quorum',
    attack: 'an approver promoted after the proposal approves it',
    refusal: { status: 403, code: 'PERMISSION_DENIED' },
    async run(arena) {
      const squad = await arena.squad(1, 1);
      const [owner] = squad.owners;
      const [member] = squad.members;
      if (!owner || !member) throw new Error('no people');
      const target = await arena.propose(squad.id, owner.token, { quorum: 2 });
      const promotion = await arena.patchUser(squad.id, member.id, owner.token, { role: 'owner' });
      expect(promotion.status).toBe(202);
      // Both approvers agree: the member is an owner now, for decisions proposed from now on.
      await arena.client.approveAll(squad.id, promotion, [owner.token, squad.sovereign.token]);
      const now = await arena.propose(squad.id, owner.token, { quorum: 2 });
      expect((await arena.review(squad.id, now.body.id, 'approve', member.token)).status).toBe(200);
      return arena.review(squad.id, target.body.id, 'approve', member.token);
    },
  },
  {
    class: 'quorum',
    attack: "ROOT_OWNER approves an owner's invitation inside a tenant",
    refusal: { status: 403, code: 'PERMISSION_DENIED' },
    async run(arena) {
      const squad = await arena.squad();
      const invited = await arena.call({
        method: 'POST',
        url: `/tenants/${squad.id}/users`,
        token: arena.rootToken,
        payload: { email: `${unique('owner')}@squad.example`, role: 'owner' },
      });
      expect(invited.status).toBe(202);
      return arena.review(squad.id, (invited.body.decision as { id: string }).id, 'approve', arena.rootToken);
    },
  },
  {
    class: 'quorum',
    attack: 'a member without decisions.approve approves their own proposal',
    refusal: { status: 403, code: 'PERMISSION_DENIED' },
    async run(arena) {
      const squad = await arena.squad(0, 1);
      const [member] = squad.members;
      if (!member) throw new Error('no member');
      const target = await arena.propose(squad.id, member.token, { quorum: 1 });
      return arena.review(squad.id, target.body.id, 'approve', member.token);
    },
  },
  // Throttling: guesses are counted before the password is hashed.
  {
    class: 'throttling',
    attack: '40 wrong passwords at once for one account from one address',
    refusal: { status: 429, code: 'RATE_LIMITED' },
    async run(arena) {
      const squad = await arena.squad(0, 1);
      const email = squad.members[0]?.email ?? '';
      const from = freshAddress();
      const answers = await Promise.all(
        Array.from({ length: 40 }, () => arena.login(email, 'a wrong password, guessed', from)),
      );
      // Only the allowed five were checked (each 401 ran scrypt); the rest never reached the hash.
      expect(tally(answers)).toEqual({ 401: 5, 429: 35 });
      // Locked: even the right password waits.
      const right = await arena.login(email, passwordOf(email), from);
      expect(right.status).toBe(429);
      return lastOf(answers, 429);
    },
  },
  {
    class: 'throttling',
    attack: 'wrong passwords for one account spread over 30 addresses',
    refusal: { status: 429, code: 'RATE_LIMITED' },
    async run(arena) {
      const squad = await arena.squad(0, 1);
      const email = squad.members[0]?.email ?? '';
      const answers = await Promise.all(
        Array.from({ length: 30 }, () => arena.login(email, 'a wrong password, guessed', freshAddress())),
      );
      expect(tally(answers)).toEqual({ 401: 20, 429: 10 });
      return lastOf(answers, 429);
    },
  },
  {
    class: 'throttling',
    attack: 'one address sprays 70 unknown emails',
    refusal: { status: 429, code: 'RATE_LIMITED' },
    async run(arena) {
      const from = freshAddress();
      const answers = await Promise.all(
        Array.from({ length: 70 }, () => arena.login(`${unique('nobody')}@nowhere.example`, 'guess guess', from)),
      );
      // Unknown emails are hashed against a decoy like real ones, and counted like them: at most 50 are
      // checked (fewer when the hash queue turns the burst's address away first).
      const counts = tally(answers);
      expect(counts[401]).toBeLessThanOrEqual(50);
      expect((counts[401] ?? 0) + (counts[429] ?? 0)).toBe(70);
      return lastOf(answers, 429);
    },
  },
  {
    class: 'throttling',
    attack: 'guesses at an email that has no account lock like a real one',
    refusal: { status: 429, code: 'RATE_LIMITED' },
    async run(arena) {
      const email = `${unique('ghost')}@nowhere.example`;
      const from = freshAddress();
      const answers: Answer[] = [];
      for (let index = 0; index < 7; index++) answers.push(await arena.login(email, 'a wrong password, guessed', from));
      expect(answers.map((answer) => answer.status)).toEqual([401, 401, 401, 401, 401, 429, 429]);
      return lastOf(answers, 429);
    },
  },
  {
    class: 'throttling',
    attack: 'brute force of the code that turns TOTP on',
    refusal: { status: 429, code: 'RATE_LIMITED' },
    async run(arena) {
      const squad = await arena.squad();
      const setup = await arena.call({ method: 'POST', url: '/auth/totp/setup', token: squad.sovereign.token });
      expect(setup.status).toBe(201);
      const answers = await Promise.all(
        Array.from({ length: 30 }, (_, index) =>
          arena.call({
            method: 'POST',
            url: '/auth/totp/enable',
            token: squad.sovereign.token,
            payload: { code: String(100_000 + index * 7919) },
          }),
        ),
      );
      // At most five codes were checked (a 403 each, or the one lucky 200); the rest were refused unread.
      const counts = tally(answers);
      expect((counts[403] ?? 0) + (counts[200] ?? 0)).toBeLessThanOrEqual(5);
      expect(counts[429]).toBeGreaterThanOrEqual(25);
      return lastOf(answers, 429);
    },
  },
  {
    class: 'throttling',
    attack: 'brute force of the code that turns TOTP off, with a stolen session',
    refusal: { status: 429, code: 'RATE_LIMITED' },
    async run(arena) {
      const squad = await arena.squad();
      const code = await arena.withTotp(squad.sovereign);
      const answers: Answer[] = [];
      for (let index = 0; index < 8; index++) {
        answers.push(
          await arena.call({
            method: 'POST',
            url: '/auth/totp/disable',
            token: squad.sovereign.token,
            payload: { code: wrongCode(code, 200_000 + index * 7919) },
          }),
        );
      }
      expect(answers.map((answer) => answer.status)).toEqual([403, 403, 403, 403, 403, 429, 429, 429]);
      return lastOf(answers, 429);
    },
  },
  {
    class: 'throttling',
    attack: 'brute force of the login code with a stolen password',
    refusal: { status: 429, code: 'RATE_LIMITED' },
    async run(arena) {
      const squad = await arena.squad();
      const { email } = squad.sovereign;
      const code = await arena.withTotp(squad.sovereign);
      const answers: Answer[] = [];
      // From a new address each time: the per-user code limit holds wherever the guesses come from.
      for (let index = 0; index < 8; index++) {
        answers.push(await arena.login(email, passwordOf(email), freshAddress(), wrongCode(code, 300_000 + index)));
      }
      expect(answers.map((answer) => answer.status)).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
      return lastOf(answers, 429);
    },
  },
  {
    class: 'throttling',
    attack: 'accepting an invitation with a made-up token (it must not cost a password hash)',
    refusal: { status: 404, code: 'NOT_FOUND' },
    async run(arena) {
      const answers = await Promise.all(
        Array.from({ length: 20 }, () =>
          arena.call({
            method: 'POST',
            url: '/auth/accept-invitation',
            payload: { token: unique('made-up-token-xxxxxxxxxxxxxxxx'), password: 'a long enough password' },
          }),
        ),
      );
      expect(tally(answers)).toEqual({ 404: 20 });
      return lastOf(answers, 404);
    },
  },
  // Row-level security: nothing a request carries reaches the scope, and no statement leaves it.
  ...(
    ['reset role', 'set role postgres', 'set role webnova_installation', 'set session authorization postgres'] as const
  ).map(
    (statement): RedTeamCase => ({
      class: 'rls',
      attack: `\`${statement}\` inside a tenant's transaction`,
      refusal: { sql: statement === 'reset role' ? 'own-tenant-only' : 'denied' },
      engines: ['postgres'],
      async run(arena) {
        const { a } = arena.world();
        const seen = await tenantsSeenAfter(arena.db(), a.id, statement);
        if (seen instanceof Error) return { sql: /permission denied/.test(seen.message) ? 'denied' : 'escaped' };
        return { sql: seen.length === 1 && seen[0] === a.id ? 'own-tenant-only' : 'escaped' };
      },
    }),
  ),
  {
    class: 'rls',
    attack: "set app.tenant_id through the tenant id in the path (`'||'<B>`)",
    refusal: { status: 400, code: 'INVALID_INPUT' },
    async run(arena) {
      const { a, b } = arena.world();
      const injected = encodeURIComponent(`'||'${b.id}`);
      return arena.call({ method: 'GET', url: `/tenants/${injected}/decisions`, token: a.owner.token });
    },
  },
  {
    class: 'rls',
    attack: 'set app.tenant_id through the decision id, the query and a decision payload',
    refusal: { status: 400, code: 'INVALID_INPUT' },
    async run(arena) {
      const { a, b } = arena.world();
      const sql = `'; select set_config('app.tenant_id', '${b.id}', false); --`;
      // In a payload it is data: stored as text, and A still sees only A.
      const secret = await arena.propose(b.id, b.member.token);
      const stored = await arena.propose(a.id, a.member.token, { payload: { path: sql }, rationale: sql });
      expect(stored.status).toBe(201);
      const listed = await arena.call({ method: 'GET', url: `/tenants/${a.id}/decisions`, token: a.member.token });
      const ids = (listed.body.decisions as Array<{ id: string }>).map((decision) => decision.id);
      expect(ids).toContain(stored.body.id);
      expect(ids).not.toContain(secret.body.id);
      const byQuery = await arena.call({
        method: 'GET',
        url: `/tenants/${a.id}/decisions?status=${encodeURIComponent(`pending' or tenant_id = '${b.id}`)}`,
        token: a.member.token,
      });
      expect(byQuery.status).toBe(400);
      return arena.call({
        method: 'GET',
        url: `/tenants/${a.id}/decisions/${encodeURIComponent(`'||'${b.id}`)}`,
        token: a.member.token,
      });
    },
  },
  // Bodies, URLs and headers: every limit holds before parsing, and every refusal is a problem.
  {
    class: 'input',
    attack: 'a proposal nested 1,000 levels deep',
    refusal: { status: 400, code: 'INVALID_INPUT' },
    async run(arena) {
      const { a } = arena.world();
      const body = `{"kind":"file.write","rationale":"x","risk":"low","payload":${deep(1000)}}`;
      return arena.call({
        method: 'POST',
        url: `/tenants/${a.id}/decisions`,
        token: a.member.token,
        headers: { 'content-type': 'application/json' },
        payload: body,
      });
    },
  },
  {
    class: 'input',
    attack: 'a payload 70 levels deep, past the limit by a little',
    refusal: { status: 400, code: 'INVALID_INPUT' },
    async run(arena) {
      const { a } = arena.world();
      return arena.call({
        method: 'POST',
        url: `/tenants/${a.id}/decisions`,
        token: a.member.token,
        headers: { 'content-type': 'application/json' },
        payload: `{"kind":"file.write","rationale":"x","risk":"low","payload":${deep(70)}}`,
      });
    },
  },
  {
    class: 'input',
    attack: 'a payload with 30,000 keys',
    refusal: { status: 400, code: 'INVALID_INPUT' },
    async run(arena) {
      const { a } = arena.world();
      const keys = Array.from({ length: 30_000 }, (_, index) => `"k${index}":${index}`).join(',');
      return arena.call({
        method: 'POST',
        url: `/tenants/${a.id}/decisions`,
        token: a.member.token,
        headers: { 'content-type': 'application/json' },
        payload: `{"kind":"file.write","rationale":"x","risk":"low","payload":{${keys}}}`,
      });
    },
  },
  {
    class: 'input',
    attack: 'a login body that is not UTF-8',
    refusal: { status: 400, code: 'INVALID_INPUT' },
    run: (arena) =>
      arena.call({
        method: 'POST',
        url: '/auth/login',
        headers: { 'content-type': 'application/json' },
        payload: Buffer.concat([
          Buffer.from('{"email":"a@b.example","password":"'),
          Buffer.from([0xc3, 0x28]),
          Buffer.from('"}'),
        ]),
      }),
  },
  {
    class: 'input',
    attack: 'a "__proto__" key in a proposal',
    refusal: { status: 400, code: 'INVALID_INPUT' },
    async run(arena) {
      const { a } = arena.world();
      return arena.call({
        method: 'POST',
        url: `/tenants/${a.id}/decisions`,
        token: a.member.token,
        headers: { 'content-type': 'application/json' },
        payload: '{"kind":"file.write","rationale":"x","risk":"low","payload":{"__proto__":{"admin":true}}}',
      });
    },
  },
  {
    class: 'input',
    attack: 'a body of 2 MiB',
    refusal: { status: 413, code: 'PAYLOAD_TOO_LARGE' },
    run: (arena) =>
      arena.call({
        method: 'POST',
        url: '/auth/login',
        headers: { 'content-type': 'application/json' },
        payload: `{"email":"a@b.example","password":"${'x'.repeat(2 * 1024 * 1024)}"}`,
      }),
  },
  {
    class: 'input',
    attack: 'a URL of 10,000 characters (the answer must not echo it)',
    refusal: { status: 414, code: 'URI_TOO_LONG' },
    async run(arena) {
      const path = `/${'a'.repeat(10_000)}`;
      const answer = await arena.call({ method: 'GET', url: path });
      expect(answer.text).not.toContain('aaaaaaaaaa');
      return answer;
    },
  },
  {
    class: 'input',
    attack: 'a path parameter of 500 characters, with markup in it',
    refusal: { status: 414, code: 'URI_TOO_LONG' },
    async run(arena) {
      const answer = await arena.call({ method: 'GET', url: `/tenants/${'%3Cscript%3E'.repeat(50)}/users` });
      expect(answer.text).not.toMatch(/script/i);
      return answer;
    },
  },
  {
    class: 'input',
    attack: 'a badly percent-encoded path',
    refusal: { status: 400, code: 'INVALID_INPUT' },
    async run(arena) {
      const answer = await arena.call({ method: 'GET', url: '/tenants/%E0%A4%A%3Cb%3E' });
      expect(answer.text).not.toContain('%E0');
      return answer;
    },
  },
  {
    class: 'input',
    attack: 'headers of 64 KiB on a real socket',
    refusal: { status: 431, code: 'INVALID_INPUT' },
    run: (arena) => rawRequest(arena.base(), '/healthz', { 'x-padding': 'p'.repeat(64 * 1024) }),
  },
  {
    class: 'input',
    attack: 'a body sent as text/plain',
    refusal: { status: 400, code: 'INVALID_INPUT' },
    run: (arena) =>
      arena.call({
        method: 'POST',
        url: '/auth/login',
        headers: { 'content-type': 'text/plain' },
        payload: '{"email":"a@b.example","password":"x"}',
      }),
  },
  {
    class: 'rls',
    attack: "pull another tenant's log: SQL in the cursor, and B's events never in A's pull",
    refusal: { status: 400, code: 'INVALID_INPUT' },
    async run(arena) {
      const { a, b } = arena.world();
      const [mine, theirs] = [await arena.device(a.owner.token), await arena.device(b.owner.token)];
      const secret = await arena.pushNote(theirs, 1, `tenant B's secret ${unique('note')}`);
      const pulled = await arena.call({
        method: 'GET',
        url: '/sync/pull?after=0',
        headers: { authorization: `Bearer ${mine.credential}` },
      });
      expect(pulled.status).toBe(200);
      expect(pulled.text).not.toContain(secret);
      const sql = encodeURIComponent(`0 or tenant_id = '${b.id}'`);
      return arena.call({
        method: 'GET',
        url: `/sync/pull?after=${sql}`,
        headers: { authorization: `Bearer ${mine.credential}` },
      });
    },
  },
  {
    class: 'rls',
    attack: "push as another tenant's device with one's own credential",
    refusal: { status: 403, code: 'PERMISSION_DENIED' },
    async run(arena) {
      const { a, b } = arena.world();
      const [mine, theirs] = [await arena.device(a.owner.token), await arena.device(b.owner.token)];
      return arena.call({
        method: 'POST',
        url: '/sync/push',
        headers: { authorization: `Bearer ${mine.credential}` },
        payload: { deviceId: theirs.deviceId, events: [{ seq: 1 }] },
      });
    },
  },
  {
    class: 'input',
    attack: "a credential with a real device's id and a guessed secret",
    refusal: { status: 401, code: 'UNAUTHENTICATED' },
    async run(arena) {
      const device = await arena.device(arena.world().a.member.token);
      const guessed = `wnd_${device.deviceId}_${'A'.repeat(43)}`;
      return arena.call({ method: 'GET', url: '/sync/pull?after=0', headers: { authorization: `Bearer ${guessed}` } });
    },
  },
  {
    class: 'input',
    attack: 'a push of 501 events that is not even JSON after them',
    refusal: { status: 400, code: 'INVALID_INPUT' },
    async run(arena) {
      const device = await arena.device(arena.world().a.member.token);
      const events = Array.from({ length: 501 }, () => '{"seq":1}').join(',');
      return arena.call({
        method: 'POST',
        url: '/sync/push',
        headers: { authorization: `Bearer ${device.credential}`, 'content-type': 'application/json' },
        payload: `{"deviceId":"${device.deviceId}","events":[${events}] and then nothing like JSON`,
      });
    },
  },
];
