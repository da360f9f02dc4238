import type { FastifyInstance } from 'fastify';
import { TOTP } from 'otpauth';
import { expect } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { type Answer, type CallOptions, passwordOf, type TestClient } from '../support/client.js';
import { invitationsOf } from '../support/invitations.js';
import { type DeviceCredential, noteEvent, pushCall } from '../support/sync.js';
import { proposal, type World } from '../support/world.js';

export interface Person {
  id: string;
  email: string;
  token: string;
}

/** A tenant of its own for one case: a sovereign ROOT_OWNER seated, owners they agreed to, members. */
export interface Squad {
  id: string;
  sovereign: Person;
  owners: Person[];
  members: Person[];
}

let counter = 0;
/** A name no other case uses: cases never share people, emails or addresses. */
export const unique = (what: string) => `${what}-${++counter}-${Math.random().toString(36).slice(2, 8)}`;

/** What a case has to work with: the app, the database under it, a world, and ways to make more. */
export class Arena {
  constructor(
    readonly client: TestClient,
    readonly app: () => FastifyInstance,
    readonly db: () => Database,
    readonly world: () => World,
    /** `http://127.0.0.1:<port>`: the app listening on a real socket. */
    readonly base: () => string,
  ) {}

  call(options: CallOptions): Promise<Answer> {
    return this.client.call(options);
  }

  get rootToken(): string {
    return this.world().root.token;
  }

  /** A new tenant: a sovereign (ROOT_OWNER's first approver), `owners` more owners (each agreed to by the approvers there), `members`. */
  async squad(owners = 0, members = 0): Promise<Squad> {
    const id = await this.client.tenant(this.rootToken, unique('Squad'));
    const join = async (role: string, approvers: Person[]): Promise<Person> => {
      const email = `${unique(role)}@squad.example`;
      const tokens = approvers.map((approver) => approver.token);
      return { email, ...(await this.client.member(this.rootToken, id, email, role, tokens)) };
    };
    const sovereign = await join('sovereign', []);
    const squad: Squad = { id, sovereign, owners: [], members: [] };
    for (let index = 0; index < owners; index++) squad.owners.push(await join('owner', [sovereign, ...squad.owners]));
    for (let index = 0; index < members; index++) squad.members.push(await join('member', []));
    return squad;
  }

  /** A new device of the user whose session `token` is. */
  async device(token: string): Promise<DeviceCredential> {
    const answer = await this.call({ method: 'POST', url: '/devices', token, payload: { name: unique('device') } });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    return answer.body as unknown as DeviceCredential;
  }

  /** Pushes one note as `device`'s event `seq`; answers the note's text. */
  async pushNote(device: DeviceCredential, seq: number, text: string): Promise<string> {
    const answer = await this.call(pushCall(device, [noteEvent(seq, device.userId, { text })]));
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return text;
  }

  propose(tenantId: string, token: string, extra: Record<string, unknown> = {}): Promise<Answer> {
    return this.call({ method: 'POST', url: `/tenants/${tenantId}/decisions`, token, payload: proposal(extra) });
  }

  review(tenantId: string, decisionId: unknown, verb: 'approve' | 'reject', token: string): Promise<Answer> {
    return this.call({
      method: 'POST',
      url: `/tenants/${tenantId}/decisions/${decisionId}/${verb}`,
      token,
      payload: {},
    });
  }

  patchUser(tenantId: string, userId: string, token: string, payload: Record<string, unknown>): Promise<Answer> {
    return this.call({ method: 'PATCH', url: `/tenants/${tenantId}/users/${userId}`, token, payload });
  }

  login(email: string, password: string, remoteAddress = '127.0.0.1', totp?: string): Promise<Answer> {
    const payload = totp ? { email, password, totp } : { email, password };
    return this.call({ method: 'POST', url: '/auth/login', payload, remoteAddress });
  }

  /** The invitation tokens the operator's log holds for `email` (none until it is sent). */
  invitationLogged(email: string): boolean {
    try {
      invitationsOf(this.app()).tokenFor(email);
      return true;
    } catch {
      return false;
    }
  }

  /** Turns TOTP on for `person`; returns a code maker for their secret. */
  async withTotp(person: Person): Promise<(offsetSeconds: number) => string> {
    const setup = await this.call({ method: 'POST', url: '/auth/totp/setup', token: person.token });
    expect(setup.status).toBe(201);
    const totp = new TOTP({ secret: setup.body.secret as string });
    const code = (offsetSeconds: number) => totp.generate({ timestamp: Date.now() + offsetSeconds * 1000 });
    const enabled = await this.call({
      method: 'POST',
      url: '/auth/totp/enable',
      token: person.token,
      payload: { code: code(-30) },
    });
    expect(enabled.status, JSON.stringify(enabled.body)).toBe(200);
    return code;
  }
}

/** A 6-digit code that is none of the codes a secret accepts around now. */
export function wrongCode(code: (offsetSeconds: number) => string, salt: number): string {
  const valid = new Set([-60, -30, 0, 30, 60].map(code));
  for (let candidate = salt; ; candidate++) {
    const text = String(candidate % 1_000_000).padStart(6, '0');
    if (!valid.has(text)) return text;
  }
}

export { passwordOf };
