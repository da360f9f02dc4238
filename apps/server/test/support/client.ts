import { randomBytes } from 'node:crypto';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { expect } from 'vitest';
import { ANSWER_MISMATCH } from '../../src/http/answer-check.js';

export interface Answer {
  status: number;
  headers: Record<string, unknown>;
  body: Record<string, unknown>;
  text: string;
}

export type CallOptions = InjectOptions & { token?: string };

/** The server key of the suites' apps: TOTP secrets are encrypted under it. */
export const TEST_SECRET_KEY = randomBytes(32);

/**
 * Requests through Fastify's inject (no socket), as a signed-in user when given a token. Give it an app
 * built with `checkAnswers: true`: an answer that breaks its route's declaration (schema or status) then
 * throws here, failing whichever test sent the request.
 */
export class TestClient {
  constructor(private readonly app: () => FastifyInstance) {}

  async call(options: CallOptions): Promise<Answer> {
    const { token, ...rest } = options;
    const headers = { ...(rest.headers ?? {}), ...(token ? { authorization: `Bearer ${token}` } : {}) };
    const response = await this.app().inject({ ...rest, headers });
    const json = /^application\/(problem\+)?json/.test(String(response.headers['content-type'] ?? ''));
    const answer = {
      status: response.statusCode,
      headers: response.headers,
      body: json && response.body ? (response.json() as Record<string, unknown>) : {},
      text: response.body,
    };
    const details = answer.body.details as Record<string, unknown> | undefined;
    if (answer.status === 500 && details && ANSWER_MISMATCH in details) {
      const issues = details[ANSWER_MISMATCH] as string[];
      throw new Error(`${rest.method ?? 'GET'} ${rest.url}: ${answer.body.detail}\n  ${issues.join('\n  ')}`);
    }
    return answer;
  }

  async login(email: string, password: string, totp?: string): Promise<string> {
    const payload = totp ? { email, password, totp } : { email, password };
    const answer = await this.call({ method: 'POST', url: '/auth/login', payload });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    return answer.body.token as string;
  }

  /** Invites `email` into the tenant with `role`, accepts the invitation, logs in. */
  async member(token: string, tenantId: string, email: string, role: string): Promise<{ id: string; token: string }> {
    const invited = await this.call({
      method: 'POST',
      url: `/tenants/${tenantId}/users`,
      token,
      payload: { email, role },
    });
    expect(invited.status, JSON.stringify(invited.body)).toBe(201);
    const accepted = await this.call({
      method: 'POST',
      url: '/auth/accept-invitation',
      payload: { token: invited.body.invitationToken, password: passwordOf(email) },
    });
    expect(accepted.status).toBe(200);
    const user = invited.body.user as { id: string };
    return { id: user.id, token: await this.login(email, passwordOf(email)) };
  }

  async tenant(rootToken: string, name: string): Promise<string> {
    const answer = await this.call({ method: 'POST', url: '/tenants', token: rootToken, payload: { name } });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    return answer.body.id as string;
  }
}

/** The password `TestClient.member` gives each invitee. */
export const passwordOf = (email: string) => `${email} has a long password`;

export function expectProblem(answer: Answer, status: number, code: string): void {
  expect(answer.status, JSON.stringify(answer.body)).toBe(status);
  expect(answer.headers['content-type']).toBe('application/problem+json; charset=utf-8');
  expect(answer.body).toMatchObject({ status, code, type: expect.stringMatching(/^urn:webnova:problem:/) });
  expect(typeof answer.body.title).toBe('string');
  expect(typeof answer.body.detail).toBe('string');
}
