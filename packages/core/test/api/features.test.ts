import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createCore } from '../../src/api/core.js';
import { coreFeatures } from '../../src/api/features.js';
import {
  coreMethods,
  featureContract,
  featureContracts,
  mergeContracts,
  method,
  methodNames,
} from '../../src/contracts/index.js';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('features, registered once', () => {
  it('core has one feature for each contract of the table, and no other', () => {
    const served = coreFeatures.map((feature) => feature.contract);
    expect(new Set(served).size).toBe(served.length);
    expect(new Set(served)).toEqual(new Set(featureContracts));
  });

  it('the table is the union of the contracts, each method from exactly one feature', () => {
    const declared = featureContracts.flatMap((contract) => Object.keys(contract.methods));
    expect(new Set(declared).size).toBe(declared.length);
    expect(new Set(declared)).toEqual(new Set(methodNames));
    for (const contract of featureContracts)
      for (const [name, row] of Object.entries(contract.methods)) expect(coreMethods[name as never]).toBe(row);
  });

  it('refuses a method or an event two features declare', () => {
    const row = method(z.object({}), z.object({}), 'Says hello.');
    const first = featureContract('first', { 'hello.say': row }, { 'hello.said': z.object({}) });
    const second = featureContract('second', { 'hello.say': row }, { 'hello.said': z.object({}) });
    expect(() => mergeContracts([first, second], 'methods')).toThrow(/"hello\.say" is declared twice \(second\)/);
    expect(() => mergeContracts([first, second], 'events')).toThrow(/"hello\.said" is declared twice/);
    expect(Object.keys(mergeContracts([first], 'methods'))).toEqual(['hello.say']);
  });

  it('every method of the table reaches a handler (none answers UNKNOWN_METHOD)', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'webnova-features-'));
    dirs.push(dataDir);
    const core = await createCore({ dataDir, host: 'web', version: '0.0.0-test' });
    try {
      for (const name of methodNames) {
        // An input no method accepts: the dispatcher finds the method, then refuses the input.
        const reply = await core.dispatch({ type: 'call', id: name, method: name, params: 'not an object' });
        expect(reply, name).toMatchObject({ type: 'error', error: { code: 'INVALID_INPUT' } });
      }
      const unknown = await core.dispatch({ type: 'call', id: 'x', method: 'hello.say', params: {} });
      expect(unknown).toMatchObject({ type: 'error', error: { code: 'UNKNOWN_METHOD' } });
    } finally {
      await core.close();
    }
  });
});
