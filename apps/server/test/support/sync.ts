import type { JsonObject } from '@webnova/core/contracts';
import { RegisteredDevice } from '@webnova/core/contracts/sync';
import { v7 as uuidv7 } from 'uuid';
import { expect } from 'vitest';
import type { CallOptions, TestClient } from './client.js';
import type { Person } from './world.js';

/** What a test needs of a registered device to push as it. */
export interface DeviceCredential {
  deviceId: string;
  credential: string;
  userId: string;
}

/** A plain event of a device's user, as a device pushes it: a note with its seq in its data by default. */
export function noteEvent(seq: number, userId: string, data: JsonObject = { seq }) {
  return {
    seq,
    id: uuidv7(),
    streamId: 'note-1',
    type: 'note.written',
    data,
    actor: { kind: 'user' as const, id: userId },
    occurredAt: new Date().toISOString(),
  };
}

/** `POST /sync/push` of `events` with `device`'s credential, for `TestClient.call`. */
export function pushCall(device: DeviceCredential, events: unknown[]): CallOptions {
  return {
    method: 'POST',
    url: '/sync/push',
    headers: { authorization: `Bearer ${device.credential}` },
    payload: { deviceId: device.deviceId, events },
  };
}

/** Registers a device for `person` (`POST /devices`), with its push numbering at 0. */
export async function registerDevice(
  client: TestClient,
  person: Person,
  name = 'laptop',
): Promise<RegisteredDevice & { seq: number }> {
  const answer = await client.call({ method: 'POST', url: '/devices', token: person.token, payload: { name } });
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return { ...RegisteredDevice.parse(answer.body), seq: 0 };
}
