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
  })
  .partial()
  .strict();
export type SettingsPatch = z.infer<typeof SettingsPatch>;
