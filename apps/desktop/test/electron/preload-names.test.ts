import { eventNames, ipcChannel, methodNames } from '@webnova/core/contracts';
import { describe, expect, it } from 'vitest';
import {
  bridgeEventNames,
  bridgeMethodNames,
  callChannel,
  cancelChannel,
  eventChannel,
} from '../../src/preload/api-names.js';

// The preload keeps a zod-free copy of the names; this is what keeps it derived from the table.
function replacement(name: string, names: readonly string[]): string {
  return `Update ${name} in apps/desktop/src/preload/api-names.ts to:\n${JSON.stringify(names, null, 2)}`;
}

describe('the preload’s copy of the API table’s names', () => {
  it('lists exactly the methods of the table', () => {
    expect([...bridgeMethodNames], replacement('bridgeMethodNames', methodNames)).toEqual(methodNames);
  });

  it('lists exactly the events of the table', () => {
    expect([...bridgeEventNames], replacement('bridgeEventNames', eventNames)).toEqual(eventNames);
  });

  it('names the same IPC channels as the contracts', () => {
    for (const method of methodNames) expect(callChannel(method)).toBe(ipcChannel.call(method));
    for (const event of eventNames) expect(eventChannel(event)).toBe(ipcChannel.event(event));
    expect(cancelChannel).toBe(ipcChannel.cancel);
  });
});
