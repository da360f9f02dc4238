import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveRendererFile } from '../../src/main/policy/renderer-files.js';

const root = mkdtempSync(join(tmpdir(), 'webnova-renderer-'));
mkdirSync(join(root, 'assets'));
writeFileSync(join(root, 'index.html'), '<!doctype html>');
writeFileSync(join(root, 'assets', 'app.js'), '');
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('resolveRendererFile', () => {
  it('maps / to the entry page and paths to files of the folder', () => {
    expect(resolveRendererFile(root, '/')).toBe(join(root, 'index.html'));
    expect(resolveRendererFile(root, '/index.html')).toBe(join(root, 'index.html'));
    expect(resolveRendererFile(root, '/assets/app.js')).toBe(join(root, 'assets', 'app.js'));
    expect(resolveRendererFile(root, '/assets/my%20file.js')).toBe(join(root, 'assets', 'my file.js'));
  });

  it('keeps dot segments and absolute-looking paths inside the folder', () => {
    expect(resolveRendererFile(root, '/assets/../index.html')).toBe(join(root, 'index.html'));
    expect(resolveRendererFile(root, '//etc/passwd')).toBe(join(root, 'etc', 'passwd'));
  });

  it('refuses every way out of the folder', () => {
    for (const path of [
      '/../secret.txt',
      '/..',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/%2E%2E%2Fsecret.txt',
      '/..%2f..%2fetc%2fpasswd',
      '/..%5c..%5cwindows',
      '/assets\\..\\..\\secret.txt',
      '/index.html%00.png',
      '/%E0%A4%A',
    ]) {
      expect(resolveRendererFile(root, path), path).toBeNull();
    }
  });

  it('never resolves to the folder itself', () => {
    expect(resolveRendererFile(root, '/assets/..')).toBeNull();
  });
});
