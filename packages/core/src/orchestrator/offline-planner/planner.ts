import { z } from 'zod';
import { validateBlueprint } from '../../blueprint/index.js';
import { type Blueprint, CoreError, formatMessage, type SystemMessage } from '../../contracts/index.js';
import { composeBlueprint } from './compose-blueprint.js';
import { entityTemplate } from './domain-catalogue.js';
import { type FollowUpPlan, planFollowUpOn } from './follow-up.js';
import { analyzeIntent, type PlannerIntent } from './intent.js';

const Prompt = z.string().trim().min(1).max(10_000);

export interface PlatformPlan {
  blueprint: Blueprint;
  /** What the platform holds, as a message and in the catalogues' words. */
  summary: { message: SystemMessage; en: string; ar: string };
  intent: PlannerIntent;
}

/** A follow-up's patch of the Blueprint, its summary in both languages, and how the request was read. */
export type FollowUpResult = FollowUpPlan;

function readPrompt(prompt: unknown): string {
  const parsed = Prompt.safeParse(prompt);
  if (!parsed.success) {
    throw new CoreError(
      'INVALID_INPUT',
      { code: 'ERROR_PROMPT_LENGTH' },
      {
        issues: parsed.error.issues.map((issue) => issue.message),
      },
    );
  }
  return parsed.data;
}

/**
 * A new platform described for people, as a system message (`PLATFORM_SUMMARY`): its entities (their
 * plural labels, data in both languages from the planner's catalogue), roles, compliance and languages.
 */
export function describePlatform(blueprint: Blueprint): SystemMessage {
  const { platform, entities, roles } = blueprint;
  const names = (locale: 'en' | 'ar') =>
    entities
      .map((entity) => entityTemplate(entity.name)?.plural[locale] ?? entity.name)
      .join(locale === 'ar' ? '، ' : ', ');
  const compliance = platform.compliance.join(', ');
  return {
    code: 'PLATFORM_SUMMARY',
    params: {
      name: platform.name,
      count: entities.length,
      entities: { en: names('en'), ar: names('ar') },
      roles: roles.length,
      locales: { en: platform.locales.join(', '), ar: platform.locales.join('، ') },
      ...(compliance ? { compliance, context: 'COMPLIANCE' } : {}),
    },
  };
}

/** A new platform's summary as a message and in the catalogues' words. */
export function summarizePlatform(blueprint: Blueprint): PlatformPlan['summary'] {
  const message = describePlatform(blueprint);
  return { message, en: formatMessage(message, 'en'), ar: formatMessage(message, 'ar') };
}

/** A Blueprint for a new platform described in English or Arabic. Deterministic; works with no network. */
export function planPlatform(prompt: unknown): PlatformPlan {
  const text = readPrompt(prompt);
  const intent = analyzeIntent(text);
  const blueprint = composeBlueprint(intent, text);
  return { blueprint, summary: summarizePlatform(blueprint), intent };
}

/** A patch that makes the change a follow-up request asks of `blueprint`. */
export function planFollowUp(blueprint: unknown, prompt: unknown): FollowUpResult {
  const text = readPrompt(prompt);
  const validation = validateBlueprint(blueprint);
  if (!validation.ok) {
    throw new CoreError('INVALID_INPUT', { code: 'ERROR_BASE_INVALID' }, { issues: validation.errors });
  }
  return planFollowUpOn(validation.blueprint, text);
}
