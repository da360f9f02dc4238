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
  SystemMessage,
} from '@webnova/core/contracts';
import { create } from 'zustand';
import { storeClient } from '../connection/store-client';
import { describeError } from '../i18n/describe-error';
import { t } from '../i18n/i18n';
import { useNotifications } from '../notifications/notifications-store';
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
  /** Core's own answer as a system message (offline), shown in the window's language instead of `text`. */
  message?: SystemMessage;
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

/** A copilot question asked from outside the AI panel's prompt box. */
export interface AiQuestion {
  mode: AssistMode;
  /** What the conversation shows as the user's words. */
  prompt: string;
  message?: string;
  path?: string;
  selection?: string;
  errorText?: string;
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
  /** Explain or fix code from elsewhere in the workbench (the editor, the terminal, Problems, a task). */
  ask(question: AiQuestion): Promise<void>;
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

const emptyTurn = (id: string, mode: AiMode, prompt: string): AiTurn => ({
  id,
  mode,
  prompt,
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
});

/**
 * Adds a running turn, calls `work`, and records its outcome; one turn at a time (a second waits for
 * the user to cancel the first).
 */
async function runTurn(mode: AiMode, prompt: string, work: (turnId: string) => Promise<Partial<AiTurn>>) {
  const { turns } = useAi.getState();
  if (turns.some((turn) => turn.state === 'running')) {
    useNotifications.getState().notify('info', () => t('ai.busy'));
    return;
  }
  const id = newTurnId();
  useAi.setState((s) => ({ turns: [...s.turns, emptyTurn(id, mode, prompt)] }));
  try {
    const outcome = await work(id);
    useAi.setState((s) => ({ turns: patchTurn(s.turns, id, () => ({ state: 'done', ...outcome })) }));
  } catch (error) {
    const described = describeError(error);
    const cancelled = described.code === 'CANCELLED';
    useAi.setState((s) => ({
      turns: patchTurn(s.turns, id, () => ({
        state: cancelled ? 'cancelled' : 'failed',
        error: cancelled ? null : { message: described.message, detail: described.detail },
      })),
    }));
  }
}

/** How these stores reach core: handed the client when the workbench wires its features. */
export const aiClient = storeClient('AI');

/** The AI panel: provider status, the conversation, proposals and their Apply, checkpoints. */
export const useAi = create<AiState>((set, get) => ({
  status: null,
  turns: [],
  checkpoints: [],
  mode: 'plan',
  settingsOpen: false,

  async load() {
    try {
      set({ status: await aiClient().call('ai.status', {}) });
    } catch (error) {
      reportError('ai.actions.load', error);
    }
    await get().loadCheckpoints();
  },

  async loadCheckpoints() {
    try {
      set({ checkpoints: (await aiClient().call('ai.checkpoints', {})).checkpoints });
    } catch (error) {
      reportError('ai.actions.load', error);
    }
  },

  setMode: (mode) => set({ mode }),
  toggleSettings: () => set((s) => ({ settingsOpen: !s.settingsOpen })),

  async send(prompt, context = {}) {
    const text = prompt.trim();
    const mode = get().mode;
    if (!text) return;
    if (mode === 'plan') {
      await runTurn(mode, text, async (turnId) => {
        const result = await aiClient().call('ai.plan', { turnId, prompt: text });
        return {
          proposal: result.proposal,
          repairs: result.proposal.repairs,
          usage: result.usage,
          provider: result.provider,
        };
      });
      return;
    }
    await get().ask({
      mode,
      prompt: text,
      ...(mode === 'fix' ? { errorText: text } : { message: text }),
      ...(context.path ? { path: context.path } : {}),
    });
  },

  async ask({ mode, prompt, message = '', path, selection, errorText }) {
    set({ mode });
    await runTurn(mode, prompt, async (turnId) => {
      const result = await aiClient().call('ai.assist', {
        turnId,
        mode,
        message,
        ...(path ? { path } : {}),
        ...(selection ? { selection } : {}),
        ...(errorText ? { errorText } : {}),
      });
      return {
        text: result.text,
        ...(result.message ? { message: result.message } : {}),
        edits: result.edits,
        repairs: result.repairs,
        usage: result.usage,
        provider: result.provider,
      };
    });
  },

  async cancel() {
    const running = get().turns.find((turn) => turn.state === 'running');
    if (!running) return;
    try {
      await aiClient().call('ai.cancel', { turnId: running.id });
    } catch (error) {
      reportError('ai.actions.cancel', error);
    }
  },

  async apply(turnId) {
    set((s) => ({ turns: patchTurn(s.turns, turnId, () => ({ applying: true })) }));
    try {
      const result = await aiClient().call('ai.apply', { turnId });
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
      await aiClient().call('ai.restore', { oid });
      await get().loadCheckpoints();
    } catch (error) {
      reportError('ai.actions.restore', error);
    }
  },

  async setKey(key) {
    try {
      set({ status: await aiClient().call('ai.setKey', { key }) });
      return true;
    } catch (error) {
      reportError('ai.actions.key', error);
      return false;
    }
  },

  async clearKey() {
    try {
      set({ status: await aiClient().call('ai.clearKey', {}) });
    } catch (error) {
      reportError('ai.actions.key', error);
    }
  },

  async configure(patch) {
    try {
      set({ status: await aiClient().call('ai.configure', patch) });
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
          : delta.kind === 'message'
            ? { message: delta.message }
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
