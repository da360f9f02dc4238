import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import clinic from '../../samples/clinic-appointments.blueprint.json' with { type: 'json' };
import permits from '../../samples/municipal-permits.blueprint.json' with { type: 'json' };
import payments from '../../samples/payments-back-office.blueprint.json' with { type: 'json' };
import school from '../../samples/school-registry.blueprint.json' with { type: 'json' };
import { defineCoreFeature } from '../api/feature.js';
import { generateProject, listGenerationConflicts, previewGeneration } from '../codegen/regenerate/index.js';
import { defaultTemplateName, getTemplate, templateNames, templates } from '../codegen/templates/index.js';
import { type Blueprint, type BlueprintIssue, blueprintJsonSchema, CoreError } from '../contracts/index.js';
import type { Workspace } from '../workspace/workspace.js';
import { BLUEPRINT_FILE, blueprintContract } from './contract.js';
import { serializeBlueprint } from './normalize.js';
import { validateBlueprint } from './validate.js';

const samples: Record<string, unknown> = {
  'clinic-appointments': clinic,
  'payments-back-office': payments,
  'school-registry': school,
  'municipal-permits': permits,
};

interface BlueprintFile {
  readonly text: string | null;
  readonly blueprint: Blueprint | null;
  readonly issues: BlueprintIssue[];
}

async function readBlueprintFile(workspace: Workspace): Promise<BlueprintFile> {
  let text: string;
  try {
    // Through the workspace: a Blueprint that is a link to a file outside the folder is refused, not read.
    text = (await workspace.read(BLUEPRINT_FILE)).content;
  } catch (error) {
    if (error instanceof CoreError && error.code === 'NOT_FOUND') return { text: null, blueprint: null, issues: [] };
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const json = (error as Error).message;
    return { text, blueprint: null, issues: [{ path: '', code: 'INVALID_SHAPE', params: { json } }] };
  }
  const result = validateBlueprint(json);
  return result.ok
    ? { text, blueprint: result.blueprint, issues: [] }
    : { text, blueprint: null, issues: result.errors };
}

/** The workspace's valid Blueprint, or INVALID_INPUT carrying its problems. */
async function requireBlueprint(workspace: Workspace): Promise<Blueprint> {
  const file = await readBlueprintFile(workspace);
  if (file.text === null) {
    throw new CoreError('NOT_FOUND', { code: 'ERROR_NO_BLUEPRINT', params: { file: BLUEPRINT_FILE } });
  }
  if (!file.blueprint) {
    throw new CoreError(
      'INVALID_INPUT',
      { code: 'ERROR_BLUEPRINT_PROBLEMS', params: { file: BLUEPRINT_FILE, count: file.issues.length } },
      {
        issues: file.issues,
      },
    );
  }
  return file.blueprint;
}

/** The Blueprint view's API: read and validate the Blueprint, its schema, preview and run generation. */
export const blueprintFeature = defineCoreFeature(blueprintContract, (context) => {
  // One generation at a time per core: two at once would plan against each other's half-written files.
  let queue: Promise<unknown> = Promise.resolve();
  const serially = <T>(run: () => Promise<T>): Promise<T> => {
    const next = queue.then(run, run);
    queue = next.catch(() => undefined);
    return next;
  };
  const request = async (input: { template?: string | undefined; renames?: Record<string, string> | undefined }) => {
    const workspace = context.current();
    return {
      root: workspace.root,
      blueprint: await requireBlueprint(workspace),
      template: getTemplate(input.template ?? defaultTemplateName),
      ...(input.renames ? { renames: input.renames } : {}),
    };
  };

  return {
    handlers: {
      'blueprint.read': async () => {
        const file = await readBlueprintFile(context.current());
        return {
          path: BLUEPRINT_FILE,
          exists: file.text !== null,
          text: file.text,
          valid: file.blueprint !== null,
          blueprint: file.blueprint,
          issues: file.issues,
        };
      },
      'blueprint.schema': async () => ({ fileName: BLUEPRINT_FILE, schema: blueprintJsonSchema() }),
      'blueprint.samples': async () => ({
        samples: Object.entries(samples).map(([id, sample]) => {
          const platform = (sample as { platform: { name: string; domain: string } }).platform;
          return { id, name: platform.name, domain: platform.domain };
        }),
      }),
      'blueprint.create': async ({ sample }) => {
        const workspace = context.current();
        const source = Object.hasOwn(samples, sample) ? samples[sample] : undefined;
        if (!source) throw new CoreError('NOT_FOUND', { code: 'ERROR_NO_SAMPLE', params: { name: sample } });
        try {
          await writeFile(join(workspace.root, BLUEPRINT_FILE), serializeBlueprint(source as Blueprint), {
            flag: 'wx',
          });
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
            throw new CoreError('ALREADY_EXISTS', { code: 'ERROR_BLUEPRINT_EXISTS', params: { file: BLUEPRINT_FILE } });
          }
          throw new CoreError('IO_ERROR', {
            code: 'ERROR_CANNOT_WRITE',
            params: { file: BLUEPRINT_FILE, reason: (error as Error).message },
          });
        }
        return { path: BLUEPRINT_FILE };
      },
      'blueprint.templates': async () => ({
        templates: templateNames().map((name) => {
          const template = templates[name] ?? getTemplate(name);
          return { name, version: template.version, description: template.description };
        }),
        defaultTemplate: defaultTemplateName,
      }),
      'blueprint.plan': async (input) => serially(async () => previewGeneration(await request(input))),
      'blueprint.generate': async (input) =>
        serially(async () => {
          const report = await generateProject(await request(input));
          context.bus.emit('blueprint.generated', report);
          return report;
        }),
      'blueprint.conflicts': async () => ({ conflicts: await listGenerationConflicts(context.current().root) }),
    },
  };
});
