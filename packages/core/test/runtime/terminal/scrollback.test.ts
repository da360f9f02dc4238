import { describe, expect, it } from 'vitest';
import { Scrollback } from '../../../src/runtime/terminal/scrollback.js';

describe('Scrollback', () => {
  it('keeps everything under the limit and counts the offset', () => {
    const scrollback = new Scrollback(100);
    scrollback.append('abc\n');
    scrollback.append('def\n');
    expect(scrollback.text()).toBe('abc\ndef\n');
    expect(scrollback.end).toBe(8);
  });

  it('drops the oldest output, cutting at a line start, and never holds more than the limit', () => {
    const scrollback = new Scrollback(1000);
    let all = '';
    for (let i = 0; i < 5000; i++) {
      const line = `line ${i}\n`;
      all += line;
      scrollback.append(line);
      expect(scrollback.size).toBeLessThanOrEqual(1000);
    }
    const text = scrollback.text();
    expect(all.endsWith(text)).toBe(true);
    expect(text.startsWith('line ')).toBe(true);
    expect(text.length).toBeGreaterThan(900);
    expect(scrollback.end).toBe(all.length);
  });

  it('keeps the tail of a single chunk larger than the limit', () => {
    const scrollback = new Scrollback(10);
    scrollback.append('x'.repeat(50));
    scrollback.append('0123456789');
    expect(scrollback.text()).toBe('0123456789');
    scrollback.append(`${'y'.repeat(30)}\n`);
    expect(scrollback.text()).toBe(`${'y'.repeat(9)}\n`);
  });
});
