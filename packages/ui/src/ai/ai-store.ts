import type {
  AiApplyResult,
  AiCheckpoint,
  AiDelta,
  AiSettingsPatch,
  AiStatus,
  AiUsage,
  AssistMode,
  BlueprintProposal,
  CodeEdit,
} from '@webnova/core/contracts';
import { create } from 'zustand';
import { core } from '../connection/core-connection';
import { describeError } from '../i18n/describe-error';
import { reportError } from '../notifications/report';

export type AiMode = 'plan' | AssistMode;

/** One exchange: what the user asked, what streamed back, what was proposed and what became of it. */
export interface AiTurn {
  id: string;
  mode: AiMode;
  prompt: string;
  state: 'running' | 'done' | 'failed' | 'cancelled';
  /** Prose streamed so far (the copilot's answer, the planner's summary). */
  text: string;
  /** Characters of tool input received so far (the Blueprint or patch being written). */
  toolChars: number;
  repairs: number;
  proposal: BlueprintProposal | null;
  edits: CodeEdit[];
  usage: AiUsage | null;
  provider: string | null;
  error: { message: string; detail: string } | null;
  apply: AiApplyResult | null;
  applying: boolean;
}

interface AiState {
  status: AiStatus | null;
  turns: AiTurn[];
  checkpoints: AiCheckpoint[];
  mode: AiMode;
  settingsOpen: boolean;
  load(): Promise<void>;
  loadCheckpoints(): Promise<void>;
  setMode(mode: AiMode): void;
  toggleSettings(): void;
  send(prompt: string, context?: { path?: string }): Promise<void>;
  cancel(): Promise<void>;
  apply(turnId: string): Promise<void>;
  discard(turnId: string): void;
  restore(oid: string): Promise<void>;
  setKey(key: string): Promise<boolean>;
  clearKey(): Promise<void>;
  configure(patch: AiSettingsPatch): Promise<boolean>;
  onDelta(turnId: string, delta: AiDelta): void;
  onApplied(turnId: string, result: AiApplyResult): void;
  setStatus(status: AiStatus): void;
  clear(): void;
}

let sequence = 0;
const newTurnId = () => `turn-${Date.now().toString(36)}-${(++sequence).toString(36)}`;

function patchTurn(turns: AiTurn[], id: string, change: (turn: AiTurn) => Partial<AiTurn>): AiTurn[] {
  return turns.map((turn) => (turn.id === id ? { ...turn, ...change(turn) } : turn));
}

/** The AI panel: provider status, the conversation, proposals and their Apply, checkpoints. */
export const useAi = create<AiState>((set, get) => ({
  status: null,
  turns: [],
  checkpoints: [],
  mode: 'plan',
  settingsOpen: false,

  async load() {
    try {
      set({ status: await core().call('ai.status', {}) });
    } catch (error) {
      reportError('ai.actions.load', error);
    }
    await get().loadCheckpoints();
  },

  async loadCheckpoints() {
    try {
      set({ checkpoints: (await core().call('ai.checkpoints', {})).checkpoints });
    } catch (error) {
      reportError('ai.actions.load', error);
    }
  },

  setMode: (mode) => set({ mode }),
  toggleSettings: () => set((s) => ({ settingsOpen: !s.settingsOpen })),

  async send(prompt, context = {}) {
    const text = prompt.trim();
    if (!text || get().turns.some((turn) => turn.state === 'running')) return;
    const id = newTurnId();
    const mode = get().mode;
    const turn: AiTurn = {
      id,
      mode,
      prompt: text,
      state: 'running',
      text: '',
      toolChars: 0,
      repairs: 0,
      proposal: null,
      edits: [],
      usage: null,
      provider: null,
      error: null,
      apply: null,
      applying: false,
    };
    set((s) => ({ turns: [...s.turns, turn] }));
    try {
      if (mode === 'plan') {
        const result = await core().call('ai.plan', { turnId: id, prompt: text });
        set((s) => ({
          turns: patchTurn(s.turns, id, () => ({
            state: 'done',
            proposal: result.proposal,
            repairs: result.proposal.repairs,
            usage: result.usage,
            provider: result.provider,
          })),
        }));
      } else {
        const result = await core().call('ai.assist', {
          turnId: id,
          mode,
          message: mode === 'fix' ? '' : text,
          ...(mode === 'fix' ? { errorText: text } : {}),
          ...(context.path ? { path: context.path } : {}),
        });
        set((s) => ({
          turns: patchTurn(s.turns, id, () => ({
            state: 'done',
            text: result.text,
            edits: result.edits,
            repairs: result.repairs,
            usage: result.usage,
            provider: result.provider,
          })),
        }));
      }
    } catch (error) {
      const described = describeError(error);
      const cancelled = described.code === 'CANCELLED';
      set((s) => ({
        turns: patchTurn(s.turns, id, () => ({
          state: cancelled ? 'cancelled' : 'failed',
          error: cancelled ? null : { message: described.message, detail: described.detail },
        })),
      }));
    }
  },

  async cancel() {
    const running = get().turns.find((turn) => turn.state === 'running');
    if (!running) return;
    try {
      await core().call('ai.cancel', { turnId: running.id });
    } catch (error) {
      reportError('ai.actions.cancel', error);
    }
  },

  async apply(turnId) {
    set((s) => ({ turns: patchTurn(s.turns, turnId, () => ({ applying: true })) }));
    try {
      const result = await core().call('ai.apply', { turnId });
      set((s) => ({ turns: patchTurn(s.turns, turnId, () => ({ apply: result, applying: false })) }));
      if (result.checkpoint) await get().loadCheckpoints();
    } catch (error) {
      set((s) => ({ turns: patchTurn(s.turns, turnId, () => ({ applying: false })) }));
      reportError('ai.actions.apply', error);
    }
  },

  discard(turnId) {
    set((s) => ({ turns: s.turns.filter((turn) => turn.id !== turnId) }));
  },

  async restore(oid) {
    try {
      await core().call('ai.restore', { oid });
      await get().loadCheckpoints();
    } catch (error) {
      reportError('ai.actions.restore', error);
    }
  },

  async setKey(key) {
    try {
      set({ status: await core().call('ai.setKey', { key }) });
      return true;
    } catch (error) {
      reportError('ai.actions.key', error);
      return false;
    }
  },

  async clearKey() {
    try {
      set({ status: await core().call('ai.clearKey', {}) });
    } catch (error) {
      reportError('ai.actions.key', error);
    }
  },

  async configure(patch) {
    try {
      set({ status: await core().call('ai.configure', patch) });
      return true;
    } catch (error) {
      reportError('ai.actions.configure', error);
      return false;
    }
  },

  onDelta(turnId, delta) {
    set((s) => ({
      turns: patchTurn(s.turns, turnId, (turn) =>
        delta.kind === 'text'
          ? { text: turn.text + delta.text }
          : delta.kind === 'tool'
            ? { toolChars: turn.toolChars + delta.partialJson.length }
            : { repairs: delta.round, toolChars: 0 },
      ),
    }));
  },

  onApplied(turnId, result) {
    set((s) => ({ turns: patchTurn(s.turns, turnId, () => ({ apply: result })) }));
    void get().loadCheckpoints();
  },

  setStatus: (status) => set({ status }),
  clear: () => set({ turns: [], checkpoints: [] }),
}));
