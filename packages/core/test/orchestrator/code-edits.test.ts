import { describe, expect, it } from 'vitest';
import { dryRunEdits, type EditTarget } from '../../src/orchestrator/index.js';

const files = new Map<string, string>([
  ['src/app.ts', 'const a = 1;\nconst b = 2;\nconst a2 = 1;\n'],
  ['src/twice.ts', 'x();\nx();\n'],
]);
const target: EditTarget = {
  read: async (path) => files.get(path) ?? null,
  owns: (path) => path.startsWith('src/'),
};

describe('search/replace edits, dry run', () => {
  it('applies edits in order, each search matching exactly once, and creates new files', async () => {
    const check = await dryRunEdits(
      {
        edits: [
          { path: 'src/app.ts', search: 'const b = 2;', replace: 'const b = 3;' },
          { path: 'src/app.ts', search: 'const b = 3;\n', replace: 'const b = 3;\nconst c = 4;\n' },
          { path: 'src/new.ts', search: '', replace: 'export {};\n' },
          { path: 'src/new.ts', search: 'export {};', replace: 'export const n = 1;' },
        ],
      },
      target,
    );
    expect(check.ok).toBe(true);
    if (!check.ok) return;
    expect(check.files).toEqual([
      {
        path: 'src/app.ts',
        before: files.get('src/app.ts'),
        after: 'const a = 1;\nconst b = 3;\nconst c = 4;\nconst a2 = 1;\n',
      },
      { path: 'src/new.ts', before: null, after: 'export const n = 1;\n' },
    ]);
  });

  it('keeps $ patterns in the replacement literal', async () => {
    const check = await dryRunEdits(
      [{ path: 'src/app.ts', search: 'const b = 2;', replace: "const b = '$&$1';" }],
      target,
    );
    expect(check.ok && check.files[0]?.after).toContain("const b = '$&$1';");
  });

  it('refuses a missing, ambiguous or overlapping search, a file not the user owns, and bad shapes', async () => {
    const check = await dryRunEdits(
      [
        { path: 'src/app.ts', search: 'const c', replace: '' },
        { path: 'src/twice.ts', search: 'x();', replace: 'y();' },
        { path: 'src/app.ts', search: 'const a', replace: 'let a' },
        { path: '.env', search: 'A=1', replace: 'A=2' },
        { path: 'src/app.ts', search: '', replace: 'overwrite' },
        { path: 'src/missing.ts', search: 'x', replace: 'y' },
      ],
      target,
    );
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.errors).toEqual([
      expect.stringContaining('edit 0 (src/app.ts): the search text does not occur'),
      expect.stringContaining('edit 1 (src/twice.ts): the search text occurs more than once'),
      expect.stringContaining('edit 2 (src/app.ts): the search text occurs more than once'),
      expect.stringContaining('edit 3 (.env): this file may not be edited'),
      expect.stringContaining('edit 4 (src/app.ts): an empty search text creates a file, but this file exists'),
      expect.stringContaining('edit 5 (src/missing.ts): the file does not exist'),
    ]);
    const shape = await dryRunEdits([{ path: 'src/app.ts', find: 'a' }], target);
    expect(shape.ok).toBe(false);
  });
});
