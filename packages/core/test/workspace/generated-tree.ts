import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * A project-like tree of `count` source files: 50 folders of 10 sub-folders, a few lines each.
 * Every 100th file mentions `needleToken`, so searches have a known number of hits.
 */
export async function generateTree(root: string, count: number): Promise<{ files: string[]; needleFiles: number }> {
  const files: string[] = [];
  let needleFiles = 0;
  const folders = new Set(
    Array.from({ length: Math.min(count, 500) }, (_, i) => `pkg${i % 50}/module${Math.floor(i / 50) % 10}`),
  );
  await Promise.all([...folders].map((folder) => mkdir(join(root, folder), { recursive: true })));
  const writes: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const folder = `pkg${i % 50}/module${Math.floor(i / 50) % 10}`;
    const path = `${folder}/file${i}.ts`;
    const needle = i % 100 === 0;
    if (needle) needleFiles++;
    const body = [
      `// generated file ${i}`,
      `export function handler${i}(input: string): string {`,
      `  return input.trim() + ${needle ? "'needleToken'" : `'value${i}'`};`,
      '}',
      '',
    ].join('\n');
    files.push(path);
    writes.push(writeFile(join(root, path), body));
    if (writes.length >= 500) await Promise.all(writes.splice(0));
  }
  await Promise.all(writes);
  return { files: files.sort(), needleFiles };
}
