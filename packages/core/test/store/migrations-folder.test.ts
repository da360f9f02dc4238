import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultMigrationsFolder, findMigrationsFolder } from '../../src/store/index.js';

describe('findMigrationsFolder', () => {
  it('finds the checked-in drizzle migrations next to the sources', () => {
    const folder = findMigrationsFolder();
    expect(folder).toBe(defaultMigrationsFolder);
    expect(existsSync(join(folder, 'meta', '_journal.json'))).toBe(true);
  });
});
