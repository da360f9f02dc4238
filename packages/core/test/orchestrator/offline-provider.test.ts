import { describe, expect, it } from 'vitest';
import type { AiDelta } from '../../src/contracts/ai.js';
import { formatMessage, type SystemMessage } from '../../src/contracts/index.js';
import { OfflineProvider, planPlatform, proposeAssist, proposeBlueprint } from '../../src/orchestrator/index.js';
import { corpus } from './corpus.js';

describe('the offline planner behind the provider interface', () => {
  it('passes every corpus prompt through the checks on the first try, with the planner summary streamed', async () => {
    const provider = new OfflineProvider();
    for (const { prompt } of corpus.platforms) {
      const deltas: AiDelta[] = [];
      const { proposal, usage } = await proposeBlueprint(
        provider,
        { prompt, base: null, dryRun: () => 1 },
        { onDelta: (delta) => deltas.push(delta) },
      );
      expect(proposal.repairs).toBe(0);
      expect(usage).toEqual({ inputTokens: 0, outputTokens: 0, costUsd: 0, estimated: false });
      expect(deltas).toEqual([{ kind: 'message', message: proposal.summaryMessage }]);
      expect(formatMessage(proposal.summaryMessage, 'en')).toBe(proposal.summary.en);
      expect(formatMessage(proposal.summaryMessage, 'ar')).toBe(proposal.summary.ar);
    }
  });

  it('answers follow-ups with patches that apply, and honours cancellation', async () => {
    const provider = new OfflineProvider();
    const base = planPlatform('a clinic booking system with doctors, patients and appointments, HIPAA').blueprint;
    const { proposal } = await proposeBlueprint(provider, { prompt: 'add invoices with amount', base });
    expect(proposal.kind).toBe('patch');
    expect(proposal.patch.length).toBeGreaterThan(0);
    const controller = new AbortController();
    controller.abort();
    await expect(
      proposeBlueprint(provider, { prompt: 'a school', base: null }, { signal: controller.signal }),
    ).rejects.toMatchObject({ code: 'CANCELLED' });
  });

  it('explains the shape of a file and where an error points, and proposes no edits', async () => {
    const result = await proposeAssist(
      new OfflineProvider(),
      {
        mode: 'fix',
        message: '',
        file: {
          path: 'src/sum.ts',
          content: "import x from 'y';\nexport function sum(a: number, b: number) {\n  return a - b;\n}\n",
        },
        errorText: "src/sum.ts:3:10 - error TS2322: Type 'string' is not assignable to type 'number'.",
      },
      { read: async () => null, owns: () => true },
    );
    expect(result.text).toContain('src/sum.ts line 3, column 10');
    expect(result.text).toContain('TS2322');
    expect(result.text).toContain('declares sum');
    expect(result.edits).toEqual([]);
    // Core's own words: a message the UI puts into its language.
    expect(result.message?.code).toBe('OFFLINE_ANSWER');
    expect(formatMessage(result.message as SystemMessage, 'en')).toBe(result.text);
    const arabic = formatMessage(result.message as SystemMessage, 'ar').replace(/[\u2068\u2069]/g, '');
    expect(arabic.split('\n')).toEqual([
      'يشير الخطأ إلى src/sum.ts السطر 3، العمود 10.',
      "يقول: error TS2322: Type 'string' is not assignable to type 'number'.",
      'src/sum.ts: 5 أسطر، استيراد واحد؛ يعرّف sum.',
      expect.stringContaining('يخطّط المساعد دون اتصال'),
    ]);
  });

  it('describes a selection and a long file with the counts of each language', async () => {
    const content = Array.from({ length: 14 }, (_, i) => `export const v${i} = ${i};`).join('\n');
    const result = await proposeAssist(
      new OfflineProvider(),
      { mode: 'explain', message: '', file: { path: 'a.ts', content }, selection: 'a\nb' },
      { read: async () => null, owns: () => true },
    );
    expect(result.text.split('\n').slice(0, 2)).toEqual([
      'The selection is 2 lines.',
      'a.ts: 14 lines, 0 imports; declares v0, v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11 and 2 more.',
    ]);
    const arabic = formatMessage(result.message as SystemMessage, 'ar').replace(/[\u2068\u2069]/g, '');
    expect(arabic.split('\n').slice(0, 2)).toEqual([
      'التحديد سطران.',
      'a.ts: 14 سطرًا، بلا استيرادات؛ يعرّف v0, v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11 واثنان آخران.',
    ]);
  });
});
