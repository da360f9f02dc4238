import { describe, expect, it } from 'vitest';
import type { AiDelta } from '../../src/contracts/ai.js';
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
      expect(deltas).toEqual([{ kind: 'text', text: proposal.summary.en }]);
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
  });
});
