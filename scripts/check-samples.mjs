// The slow job: every sample Blueprint × every template is generated into a temporary folder
// outside the repository, then `npm install`, `npm run typecheck` and `npm test` run there.
// Prints one JSON line per project and exits non-zero when any step fails.
//   node scripts/check-samples.mjs [--sample NAME] [--template NAME] [--keep]
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { tsImport } from 'tsx/esm/api';

const { values } = parseArgs({
  options: {
    sample: { type: 'string', multiple: true },
    template: { type: 'string', multiple: true },
    keep: { type: 'boolean' },
  },
});
const core = await tsImport('../packages/core/src/index.ts', import.meta.url);
const { checkProject } = await tsImport('../packages/core/test/codegen/project-check.ts', import.meta.url);
const { sampleBlueprint, sampleNames } = await tsImport('../packages/core/test/codegen/samples.ts', import.meta.url);

const samples = values.sample ?? sampleNames;
const templates = values.template ?? core.templateNames();
let failures = 0;
for (const template of templates) {
  for (const sample of samples) {
    const dir = await mkdtemp(join(tmpdir(), `webnova-${sample}-${template}-`));
    const result = await checkProject(sampleBlueprint(sample), template, dir);
    const steps = ['install', 'typecheck', 'test'].map((name) => [name, result[name]]);
    const ok = steps.every(([, step]) => step?.ok);
    if (!ok) failures += 1;
    const tests = /Tests\s+(\d+) passed/.exec(result.test?.output ?? '')?.[1];
    console.log(
      JSON.stringify({
        sample,
        template,
        ok,
        files: result.files,
        tests: tests === undefined ? null : Number(tests),
        ...Object.fromEntries(steps.map(([name, step]) => [`${name}Ms`, step?.ms ?? null])),
        ...(values.keep && { dir }),
      }),
    );
    for (const [name, step] of steps) {
      if (step && !step.ok) console.error(`--- ${sample} / ${template}: ${name} failed ---\n${step.output}`);
    }
    if (!values.keep) await rm(dir, { recursive: true, force: true });
  }
}
process.exit(failures === 0 ? 0 : 1);
