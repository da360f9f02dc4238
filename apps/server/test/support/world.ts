import { expect } from 'vitest';
import { bootstrapRootOwner } from '../../src/bootstrap.js';
import type { Database } from '../../src/db/database.js';
import type { TestClient } from './client.js';

export const ROOT = { email: 'root@example.org', password: 'correct horse battery staple' };

export interface Person {
  id: string;
  email: string;
  token: string;
}

/** One tenant's people: one per role, a member granted `decisions.approve`, and a suspended member. */
export interface TenantPeople {
  id: string;
  sovereign: Person;
  owner: Person;
  owner2: Person;
  member: Person;
  approver: Person;
  /** A member whose proposals the others review. */
  proposer: Person;
  suspended: Person;
}

export interface World {
  root: Person;
  a: TenantPeople;
  b: TenantPeople;
}

async function tenantPeople(client: TestClient, rootToken: string, name: string, tag: string): Promise<TenantPeople> {
  const id = await client.tenant(rootToken, name);
  const person = async (role: string, label: string, approvers: Person[] = []): Promise<Person> => {
    const email = `${label}@${tag}.example`;
    const tokens = approvers.map((approver) => approver.token);
    return { email, ...(await client.member(rootToken, id, email, role, tokens)) };
  };
  // The first approver joins at ROOT_OWNER's word alone; the next ones need the approvers there are.
  const sovereign = await person('sovereign', 'sovereign');
  const owner = await person('owner', 'owner', [sovereign]);
  const owner2 = await person('owner', 'owner2', [sovereign, owner]);
  const people: TenantPeople = {
    id,
    sovereign,
    owner,
    owner2,
    member: await person('member', 'member'),
    approver: await person('member', 'approver'),
    proposer: await person('member', 'proposer'),
    suspended: await person('member', 'suspended'),
  };
  const grant = await client.call({
    method: 'PATCH',
    url: `/tenants/${id}/users/${people.approver.id}`,
    token: sovereign.token,
    payload: { permissions: ['decisions.approve'] },
  });
  expect(grant.status, JSON.stringify(grant.body)).toBe(202);
  // The sovereign proposed it, and their own approval counts.
  await client.approveAll(id, grant, [sovereign.token, owner.token]);
  const suspend = await client.call({
    method: 'PATCH',
    url: `/tenants/${id}/users/${people.suspended.id}`,
    token: sovereign.token,
    payload: { status: 'SUSPENDED' },
  });
  expect(suspend.status).toBe(200);
  return people;
}

/** The bootstrap ROOT_OWNER and two tenants, A and B, peopled alike. */
export async function buildWorld(client: TestClient, db: Database): Promise<World> {
  const rootUser = await bootstrapRootOwner(db, ROOT.email, ROOT.password);
  const root = { id: rootUser.id, email: ROOT.email, token: await client.login(ROOT.email, ROOT.password) };
  return {
    root,
    a: await tenantPeople(client, root.token, 'Clinic A', 'a'),
    b: await tenantPeople(client, root.token, 'School B', 'b'),
  };
}

/** A proposal body; `extra` overrides or adds fields. */
export function proposal(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    kind: 'file.write',
    rationale: 'Add the booking page',
    payload: { path: 'src/pages/booking.tsx', content: 'export default function Booking() {}' },
    risk: 'medium',
    ...extra,
  };
}
