import type { JsonObject } from '@webnova/core/contracts';
import { v7 as uuidv7 } from 'uuid';
import type { CallOptions } from './client.js';

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
