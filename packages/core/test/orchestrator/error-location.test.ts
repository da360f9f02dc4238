import { describe, expect, it } from 'vitest';
import { errorLocations, workspacePath } from '../../src/orchestrator/error-location.js';

describe('errorLocations', () => {
  it('reads the locations of Node, TypeScript, Vitest and browser messages, in order and once each', () => {
    const text = [
      'src/app.ts(12,5): error TS2322: Type string is not assignable to type number.',
      'TypeError: x is undefined',
      '    at render (/work/project/src/view.tsx:40:17)',
      '    at file:///work/project/src/main.js:3:1',
      '    at http://127.0.0.1:5173/src/page.js?t=1712:9:30',
      ' ❯ test/price.test.ts:7:22',
      '    at render (/work/project/src/view.tsx:40:17)',
    ].join('\n');
    expect(errorLocations(text)).toEqual([
      { file: 'src/app.ts', line: 12, column: 5 },
      { file: '/work/project/src/view.tsx', line: 40, column: 17 },
      { file: '/work/project/src/main.js', line: 3, column: 1 },
      { file: '/src/page.js', line: 9, column: 30 },
      { file: 'test/price.test.ts', line: 7, column: 22 },
    ]);
  });

  it('finds nothing in a message without a file and line', () => {
    expect(errorLocations('Error: connection refused (ECONNREFUSED 127.0.0.1)')).toEqual([]);
  });
});

describe('workspacePath', () => {
  it('makes paths inside the root relative and refuses the rest', () => {
    expect(workspacePath('/work/project', '/work/project/src/view.tsx')).toBe('src/view.tsx');
    expect(workspacePath('/work/project/', './src/a.js')).toBe('src/a.js');
    expect(workspacePath('/work/project', '/src/page.js')).toBe('src/page.js');
    expect(workspacePath('C:\\p', 'C:\\p\\src\\a.ts')).toBe('src/a.ts');
    expect(workspacePath('/work/project', 'node_modules/vite/index.js')).toBeNull();
    expect(workspacePath('/work/project', '../other/a.js')).toBeNull();
    expect(workspacePath('/work/project', 'D:\\x\\a.js')).toBeNull();
  });
});
