import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ComplianceRegime, IntegrationCategory, PermissionAction } from '../../src/contracts/index.js';
import { DomainId } from '../../src/orchestrator/offline-planner/catalogue-types.js';

const PlatformCase = z.strictObject({
  id: z.string(),
  prompt: z.string(),
  domain: z.enum(DomainId),
  entities: z.array(z.string()),
  compliance: z.array(ComplianceRegime),
  integrations: z.array(IntegrationCategory).optional(),
  locales: z.array(z.string()).optional(),
});

const FollowUpCase = z.strictObject({
  base: z.string(),
  prompt: z.string(),
  entities: z.array(z.string()),
  fields: z.record(z.string(), z.array(z.string())).optional(),
  grants: z
    .array(z.strictObject({ role: z.string(), entity: z.string(), actions: z.array(PermissionAction) }))
    .optional(),
  integrations: z.array(IntegrationCategory).optional(),
  compliance: z.array(ComplianceRegime).optional(),
  removed: z.array(z.string()).optional(),
  removedFields: z.record(z.string(), z.array(z.string())).optional(),
});

const Corpus = z.strictObject({ platforms: z.array(PlatformCase), followUps: z.array(FollowUpCase) });
export type PlatformCase = z.infer<typeof PlatformCase>;
export type FollowUpCase = z.infer<typeof FollowUpCase>;

/** The prompt corpus the offline planner is held to (fixtures/prompts.json). */
export const corpus = Corpus.parse(
  JSON.parse(readFileSync(new URL('./fixtures/prompts.json', import.meta.url), 'utf8')),
);

export const isArabicCase = (id: string) => id.startsWith('ar-');
