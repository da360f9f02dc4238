/**
 * Exact dependency versions of generated projects. Pinned (no ranges) so that the same Blueprint
 * and template version install the same code; bump them together with the template versions.
 */
export const versions = {
  '@electric-sql/pglite': '0.5.16',
  '@types/express': '5.0.6',
  '@types/node': '20.19.43',
  '@types/pg': '8.23.1',
  '@types/react': '19.3.0',
  '@types/react-dom': '19.3.0',
  '@vitejs/plugin-react': '6.3.0',
  '@vitejs/plugin-vue': '6.0.11',
  'drizzle-orm': '0.45.4',
  express: '5.3.0',
  fastify: '5.12.8',
  pg: '8.23.1',
  react: '19.3.1',
  'react-dom': '19.3.1',
  tsx: '4.23.15',
  typescript: '5.9.3',
  vite: '8.3.8',
  vitest: '4.1.12',
  vue: '3.5.45',
  'vue-tsc': '3.3.14',
  zod: '4.6.7',
} as const;

export type PackageName = keyof typeof versions;

/** `{ name: version }` for the named packages, in name order. */
export function pinned(...names: PackageName[]): Record<string, string> {
  return Object.fromEntries([...names].sort().map((name) => [name, versions[name]]));
}
