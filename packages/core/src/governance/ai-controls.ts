import type { Actor, StoredEvent } from '../contracts/events.js';
import type { DecisionReason } from '../contracts/governance.js';
import type { AiBudget, AiControls } from './contract.js';

/** The owner's controls: kill switch, budget and AI per project, each change an event of this stream. */
export const AI_CONTROLS_STREAM = 'ai.controls';
/** What the AI used, one event per model request. */
export const AI_USAGE_STREAM = 'ai.usage';

export const KILL_SWITCH_SET = 'ai.killSwitchSet';
export const BUDGET_SET = 'ai.budgetSet';
export const PROJECT_AI_SET = 'ai.projectAiSet';
export const USAGE_RECORDED = 'ai.usageRecorded';

const NO_BUDGET: AiBudget = { tokensPerDay: null, costPerDay: null, whenExceeded: 'refuse' };

/** Budgets count per UTC day. */
export const dayOf = (instant: Date | string) => new Date(instant).toISOString().slice(0, 10);

/** Why the controls refuse an AI action, or send it to the Inbox (the words are the catalogue's). */
export const CONTROL_REASONS = {
  KILL_SWITCH: { code: 'KILL_SWITCH' },
  PROJECT_AI_OFF: { code: 'PROJECT_AI_OFF' },
  OVER_BUDGET: { code: 'OVER_BUDGET' },
} satisfies Record<string, DecisionReason>;

/** The controls folded from their events (and today's usage from the usage stream). */
export class AiControlsState {
  killSwitch: { engaged: boolean; at?: string; by?: Actor } = { engaged: false };
  budget: AiBudget = NO_BUDGET;
  readonly #disabled = new Set<string>();
  readonly #usage = new Map<string, { tokens: number; cost: number }>();
  controlsVersion = 0;
  usageVersion = 0;

  apply(event: StoredEvent): void {
    if (event.streamId === AI_USAGE_STREAM) {
      this.usageVersion = event.streamVersion;
      const day = dayOf(event.occurredAt);
      const used = this.#usage.get(day) ?? { tokens: 0, cost: 0 };
      this.#usage.set(day, {
        tokens: used.tokens + Number(event.data.tokens ?? 0),
        cost: used.cost + Number(event.data.cost ?? 0),
      });
      return;
    }
    if (event.streamId !== AI_CONTROLS_STREAM) return;
    this.controlsVersion = event.streamVersion;
    switch (event.type) {
      case KILL_SWITCH_SET:
        this.killSwitch = { engaged: event.data.engaged === true, at: event.occurredAt, by: event.meta.actor };
        break;
      case BUDGET_SET:
        this.budget = event.data as AiBudget;
        break;
      case PROJECT_AI_SET:
        if (event.data.enabled === false) this.#disabled.add(String(event.data.project));
        else this.#disabled.delete(String(event.data.project));
        break;
    }
  }

  usageOn(day: string): { tokens: number; cost: number } {
    return this.#usage.get(day) ?? { tokens: 0, cost: 0 };
  }

  overBudget(now: Date): boolean {
    const used = this.usageOn(dayOf(now));
    const { tokensPerDay, costPerDay } = this.budget;
    return (tokensPerDay !== null && used.tokens >= tokensPerDay) || (costPerDay !== null && used.cost >= costPerDay);
  }

  projectEnabled(project: string): boolean {
    return !this.#disabled.has(project);
  }

  /** Why an AI request or action is refused outright, or null when the controls let it through. */
  refusal(project: string | undefined, now: Date): DecisionReason | null {
    if (this.killSwitch.engaged) return CONTROL_REASONS.KILL_SWITCH;
    if (project !== undefined && !this.projectEnabled(project)) return CONTROL_REASONS.PROJECT_AI_OFF;
    if (this.budget.whenExceeded === 'refuse' && this.overBudget(now)) return CONTROL_REASONS.OVER_BUDGET;
    return null;
  }

  view(currentProject: string | null, now: Date): AiControls {
    const day = dayOf(now);
    return {
      killSwitch: { ...this.killSwitch },
      budget: { ...this.budget },
      usageToday: { day, ...this.usageOn(day) },
      overBudget: this.overBudget(now),
      disabledProjects: [...this.#disabled].sort(),
      currentProjectEnabled: currentProject === null ? null : this.projectEnabled(currentProject),
    };
  }
}
