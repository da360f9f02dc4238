import { describe, expect, it } from 'vitest';
// The registry loads every feature's strings into the catalogues, as the workbench does at start.
import '../src/features';
import {
  explainCode,
  fixCode,
  fixFailedTask,
  fixProblem,
  fixTerminalOutput,
  MAX_OUTPUT_LINES,
  outputTail,
} from '../src/ai/questions';

const selection = { path: 'src/price.ts', text: 'const a = 1;\nconst b = a.toFixed();', startLine: 3, endLine: 4 };

describe('copilot questions asked from the workbench', () => {
  it('explains a selection, or the whole file when nothing is selected', () => {
    expect(explainCode(selection)).toEqual({
      mode: 'explain',
      prompt: 'Explain src/price.ts, lines 3–4',
      path: 'src/price.ts',
      selection: selection.text,
    });
    expect(explainCode({ ...selection, text: '  ', startLine: 7, endLine: 7 })).toEqual({
      mode: 'explain',
      prompt: 'Explain src/price.ts',
      path: 'src/price.ts',
    });
  });

  it("fixes code with the editor's diagnostics as the error text, or asks for a review without any", () => {
    const withErrors = fixCode(selection, [
      { line: 4, column: 13, message: "Property 'toFixed' does not exist on type 'string'.", source: 'ts' },
    ]);
    expect(withErrors).toMatchObject({
      mode: 'fix',
      prompt: 'Fix the error in src/price.ts:3–4',
      path: 'src/price.ts',
      selection: selection.text,
      errorText: "src/price.ts:4:13 ts: Property 'toFixed' does not exist on type 'string'.",
    });
    expect(withErrors).not.toHaveProperty('message');
    const clean = fixCode({ ...selection, text: '' }, []);
    expect(clean).toMatchObject({ prompt: 'Fix the code in src/price.ts', message: expect.any(String) });
    expect(clean).not.toHaveProperty('errorText');
    expect(clean).not.toHaveProperty('selection');
  });

  it('fixes a problem with its location, opening workspace sources as the file', () => {
    expect(fixProblem({ message: 'TypeError: x is undefined', location: 'src/main.js:9:3' })).toEqual({
      mode: 'fix',
      prompt: 'Fix this problem: TypeError: x is undefined',
      errorText: 'TypeError: x is undefined\n    at src/main.js:9:3',
      path: 'src/main.js',
    });
    const remote = fixProblem({ message: 'Failed to load', location: 'https://cdn.example/lib.js:1:1' });
    expect(remote).not.toHaveProperty('path');
    expect(fixProblem({ message: 'boom', location: null }).errorText).toBe('boom');
  });

  it('sends the end of terminal or task output, without blank lines', () => {
    const long = Array.from({ length: 200 }, (_, i) => `line ${i}   `).join('\r\n');
    const tail = outputTail(`${long}\n\n\n`);
    expect(tail.split('\n')).toHaveLength(MAX_OUTPUT_LINES);
    expect(tail.split('\n').at(-1)).toBe('line 199');
    expect(fixTerminalOutput('bash', 'Error: boom\n  at a.js:1:1\n')).toEqual({
      mode: 'fix',
      prompt: 'Fix the error shown in terminal “bash”',
      errorText: 'Error: boom\n  at a.js:1:1',
    });
    expect(fixFailedTask('test', 1, ' FAIL  test/a.test.ts\n')).toEqual({
      mode: 'fix',
      prompt: 'Fix why task “test” failed (exit 1)',
      errorText: ' FAIL  test/a.test.ts',
    });
  });
});
