import { randomBytes } from 'node:crypto';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { expect } from 'vitest';
import { ANSWER_MISMATCH } from '../../src/http/answer-check.js';
import { invitationsOf } from './invitations.js';

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
  constructor(readonly app: () => FastifyInstance) {}

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

  /**
   * Invites `email` into the tenant with `role`, has `approvers` approve it when it waits for them (an
   * approver role), accepts the invitation with the token from the server's log, logs in.
   */
  async member(
    token: string,
    tenantId: string,
    email: string,
    role: string,
    approvers: string[] = [],
  ): Promise<{ id: string; token: string }> {
    const invited = await this.call({
      method: 'POST',
      url: `/tenants/${tenantId}/users`,
      token,
      payload: { email, role },
    });
    expect([201, 202], JSON.stringify(invited.body)).toContain(invited.status);
    expect(JSON.stringify(invited.body)).not.toMatch(/token/i);
    if (invited.status === 202) await this.approveAll(tenantId, invited, approvers);
    const accepted = await this.call({
      method: 'POST',
      url: '/auth/accept-invitation',
      payload: { token: invitationsOf(this.app()).tokenFor(email), password: passwordOf(email) },
    });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    return { id: accepted.body.id as string, token: await this.login(email, passwordOf(email)) };
  }

  /** Approves the decision a 202 answer carries, as each of `approvers` in turn, until it is approved. */
  async approveAll(tenantId: string, answer: Answer, approvers: string[]): Promise<Record<string, unknown>> {
    let decision = answer.body.decision as Record<string, unknown>;
    for (const approver of approvers) {
      if (decision.status !== 'pending') break;
      const approved = await this.call({
        method: 'POST',
        url: `/tenants/${tenantId}/decisions/${decision.id}/approve`,
        token: approver,
        payload: {},
      });
      expect(approved.status, JSON.stringify(approved.body)).toBe(200);
      decision = approved.body;
    }
    expect(decision.status, `not enough approvers for ${decision.rationale}`).toBe('approved');
    return decision;
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
