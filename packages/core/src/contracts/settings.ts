import { z } from 'zod';

export const Locale = z.enum(['en', 'ar']);
export type Locale = z.infer<typeof Locale>;

export const Theme = z.enum(['dark', 'light']);
export type Theme = z.infer<typeof Theme>;

export const Settings = z.object({
  locale: Locale.default('en'),
  theme: Theme.default('dark'),
  editor: z
    .object({
      fontSize: z.number().int().min(8).max(40).default(14),
      wordWrap: z.boolean().default(false),
    })
    .default({ fontSize: 14, wordWrap: false }),
  /** Limits of a file run in the sandbox (Run File in Sandbox); CPU time is bounded by the time limit. */
  sandbox: z
    .object({
      memoryMb: z.number().int().min(16).max(16_384).default(512),
      wallSeconds: z.number().int().min(1).max(3_600).default(120),
    })
    .default({ memoryMb: 512, wallSeconds: 120 }),
});
export type Settings = z.infer<typeof Settings>;

export const SettingsPatch = z
  .object({
    locale: Locale,
    theme: Theme,
    editor: z
      .object({ fontSize: z.number().int().min(8).max(40), wordWrap: z.boolean() })
      .partial()
      .strict(),
    sandbox: z
      .object({ memoryMb: z.number().int().min(16).max(16_384), wallSeconds: z.number().int().min(1).max(3_600) })
      .partial()
      .strict(),
  })
  .partial()
  .strict();
export type SettingsPatch = z.infer<typeof SettingsPatch>;

/** Settings with a patch laid over them, a section at a time (a patch of one editor field keeps the others). */
export function mergeSettings(settings: Settings, patch: SettingsPatch): Settings {
  return {
    locale: patch.locale ?? settings.locale,
    theme: patch.theme ?? settings.theme,
    editor: { ...settings.editor, ...patch.editor },
    sandbox: { ...settings.sandbox, ...patch.sandbox },
  };
}
