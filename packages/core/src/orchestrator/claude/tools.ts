import { z } from 'zod';
import { CodeEdit } from '../../contracts/ai.js';
import { Blueprint } from '../../contracts/blueprint.js';
import { BlueprintPatch } from '../../contracts/blueprint-patch.js';

/** A tool definition as the Messages API takes it: the JSON Schema of the input it must produce. */
export interface ToolDefinition {
  name: string;
  description: string;
  input_schema: { type: 'object'; [key: string]: unknown };
}

function inputSchema(schema: z.ZodType): ToolDefinition['input_schema'] {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: 'input', target: 'draft-2020-12' }) as Record<
    string,
    unknown
  >;
  return { ...rest, type: 'object' };
}

let cached: { blueprint: ToolDefinition; patch: ToolDefinition; edits: ToolDefinition } | null = null;

/** The three tools, their schemas derived from the zod contracts (built once: the schemas are large). */
export function orchestratorTools(): { blueprint: ToolDefinition; patch: ToolDefinition; edits: ToolDefinition } {
  cached ??= {
    blueprint: {
      name: 'propose_blueprint',
      description:
        'Propose the complete WebNova Blueprint for the requested platform. The input is the Blueprint document itself.',
      input_schema: inputSchema(Blueprint),
    },
    patch: {
      name: 'propose_blueprint_patch',
      description:
        'Propose the change to the current Blueprint as RFC 6902 JSON Patch operations addressing its normalised form.',
      input_schema: inputSchema(z.strictObject({ operations: BlueprintPatch })),
    },
    edits: {
      name: 'propose_edits',
      description:
        'Propose code changes as search/replace edits. Each search text must occur exactly once in its file, copied exactly; an empty search creates a new file.',
      input_schema: inputSchema(z.strictObject({ edits: z.array(CodeEdit).max(50) })),
    },
  };
  return cached;
}

export const PLAN_SYSTEM = [
  'You are the planner of WebNova, an IDE that generates full-stack platforms from a Blueprint:',
  'one typed JSON document with the platform (name, kebab-case slug, domain, locales, compliance),',
  'entities with typed fields and data classifications, relations, roles, permissions, pages,',
  'navigation, API endpoints, integrations and labels in every declared locale.',
  'Requests come in English or Arabic. Infer compliance from the domain and the words',
  '(patients or medical records: HIPAA; card payments: PCI-DSS and a payment provider, never card',
  'numbers in fields; personal data of EU residents: GDPR; the Gulf: PDPL).',
  'Answer only by calling the tool. Labels need every locale of the platform.',
].join(' ');

export const ASSIST_SYSTEM = [
  'You are the coding assistant inside WebNova, an IDE. Explain code, fix errors and answer',
  'questions briefly and precisely, in the language of the question. When a change to files is',
  'needed, call propose_edits with search/replace edits: each search text copied exactly from the',
  'file and occurring exactly once. Never edit secrets, .env files or files outside the project.',
  'Nothing you propose is applied until the owner allows it.',
].join(' ');
