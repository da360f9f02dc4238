import { describe, expect, it } from 'vitest';
import { EventId } from '../../src/contracts/index.js';
import { uuid7 } from '../../src/store/uuid7.js';

describe('uuid7', () => {
  it('writes a version 7, variant 10 UUID whose first 48 bits are the milliseconds', () => {
    const at = Date.UTC(2025, 0, 2, 3, 4, 5, 678);
    const id = uuid7(at);
    expect(EventId.safeParse(id).success).toBe(true);
    expect(Number.parseInt(id.replaceAll('-', '').slice(0, 12), 16)).toBe(at);
  });

  it('sorts ids from later milliseconds after earlier ones, and never repeats', () => {
    const ids = Array.from({ length: 2000 }, (_, i) => uuid7(1_700_000_000_000 + Math.floor(i / 10)));
    for (let i = 10; i < ids.length; i += 10) expect((ids[i - 1] ?? '') < (ids[i] ?? '')).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
