import type { PlatformModel } from '../model/platform.js';
import type { ProjectFiles } from '../project.js';
import { BASE_DIR } from '../regenerate/base-store.js';
import { MANIFEST_FILE } from '../regenerate/manifest.js';
import { RECORDED_BLUEPRINT_FILE } from '../regenerate/recorded-blueprint.js';
import type { StackDefinition, StackPart } from '../stack.js';
import { pinned } from './versions.js';

/** A fixed key for tests only: field encryption needs a key, and tests must not depend on the machine. */
export const TEST_PHI_KEY = 'd2Vibm92YS10ZXN0LWtleS1ub3QtZm9yLXByb2R1Y3Q=';

function sorted(record: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function packageJson(name: string, part: StackPart, base: { dependencies: object; devDependencies: object }) {
  return {
    name,
    version: '0.1.0',
    private: true,
    type: 'module',
    scripts: sorted(part.scripts),
    dependencies: sorted({ ...base.dependencies, ...part.dependencies }),
    devDependencies: sorted({ ...base.devDependencies, ...part.devDependencies }),
  };
}

/** The npm workspace: root package, the api and web packages, TypeScript settings, environment. */
export function renderWorkspace(model: PlatformModel, files: ProjectFiles, stack: StackDefinition): void {
  files.json('package.json', {
    name: model.slug,
    version: '0.1.0',
    private: true,
    description: model.description,
    type: 'module',
    workspaces: ['api', 'web'],
    engines: { node: '>=20.19' },
    // npm 11 blocks unlisted install scripts; esbuild's (used by tsx) only checks its binary.
    allowScripts: { esbuild: true },
    scripts: {
      dev: 'npm run dev -w api & npm run dev -w web',
      build: 'npm run build -w web',
      start: 'npm run start -w api',
      typecheck: 'npm run typecheck -w api && npm run typecheck -w web',
      test: 'npm test -w api',
    },
  });
  files.add(
    '.gitignore',
    [
      'node_modules/',
      'dist/',
      '.data/',
      '.env',
      '*.log',
      '# WebNova: base copies of the last generation, kept per machine and made again from the',
      `# tracked ${MANIFEST_FILE} and ${RECORDED_BLUEPRINT_FILE} when missing`,
      `${BASE_DIR}/`,
      '# WebNova: what an interrupted write leaves behind',
      '*.webnova.tmp',
    ].join('\n'),
  );
  // The manifest records each file's hash as generated, with LF: a checkout that turned LF into CRLF
  // (git's core.autocrlf on Windows) would make every file look edited and the recorded Blueprint
  // unusable, so a clone there could not regenerate cleanly.
  files.add(
    '.gitattributes',
    ['# WebNova writes LF and records each file by its hash: keep LF on every checkout', '* text=auto eol=lf'].join(
      '\n',
    ),
  );
  files.add(
    '.env.example',
    [
      '# PostgreSQL connection; leave empty to use the embedded PGlite database in api/.data',
      'DATABASE_URL=',
      'PORT=3000',
      model.controls.phiEncryption &&
        '# HIPAA: 32 random bytes, base64 (node -e "console.log(crypto.randomBytes(32).toString(\'base64\'))")',
      model.controls.phiEncryption && 'PHI_ENCRYPTION_KEY=',
    ]
      .filter((line) => line !== false)
      .join('\n'),
  );
  files.json('tsconfig.base.json', {
    compilerOptions: {
      target: 'ES2022',
      module: 'ESNext',
      moduleResolution: 'Bundler',
      strict: true,
      skipLibCheck: true,
      esModuleInterop: true,
      resolveJsonModule: true,
      isolatedModules: true,
      noEmit: true,
      forceConsistentCasingInFileNames: true,
    },
  });
  files.json(
    'api/package.json',
    packageJson(`${model.slug}-api`, stack.api, {
      dependencies: pinned('@electric-sql/pglite', 'drizzle-orm', 'pg', 'zod', 'tsx'),
      devDependencies: pinned('@types/node', '@types/pg', 'typescript', 'vitest'),
    }),
  );
  files.json('api/tsconfig.json', {
    extends: '../tsconfig.base.json',
    compilerOptions: { types: ['node'] },
    include: ['src', 'test', 'vitest.config.ts'],
  });
  files.add(
    'api/vitest.config.ts',
    [
      "import { defineConfig } from 'vitest/config';",
      '',
      'export default defineConfig({',
      '  test: {',
      "    include: ['test/**/*.test.ts'],",
      "    globalSetup: ['test/global-setup.ts'],",
      '    testTimeout: 60_000,',
      '    hookTimeout: 120_000,',
      model.controls.phiEncryption && `    env: { PHI_ENCRYPTION_KEY: '${TEST_PHI_KEY}' },`,
      '  },',
      '});',
    ]
      .filter((line) => line !== false)
      .join('\n'),
  );
  files.json(
    'web/package.json',
    packageJson(`${model.slug}-web`, stack.web, {
      dependencies: {},
      devDependencies: pinned('@types/node', 'typescript', 'vite'),
    }),
  );
}
