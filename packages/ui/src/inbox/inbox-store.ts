import type {
  AiBudget,
  AiControls,
  AuditStatus,
  Constitution,
  Decision,
  DecisionDetails,
  DecisionKind,
  DecisionRefusal,
  DecisionStatus,
  RiskLevel,
} from '@webnova/core/contracts';
import { create } from 'zustand';
import { storeClient } from '../connection/store-client';
import { reportError } from '../notifications/report';

export type InboxTab = 'decisions' | 'refused' | 'constitution' | 'controls';

interface InboxState {
  tab: InboxTab;
  pendingCount: number;
  decisions: Decision[];
  /** The last few decided (approved, done, failed, rejected, expired), newest first. */
  recent: Decision[];
  refusals: DecisionRefusal[];
  riskFilter: RiskLevel | null;
  kindFilter: DecisionKind | null;
  selectedId: string | null;
  details: DecisionDetails | null;
  busy: boolean;
  audit: AuditStatus | null;
  constitution: { constitution: Constitution; jsonSchema: Record<string, unknown> } | null;
  controls: AiControls | null;
  setTab(tab: InboxTab): void;
  setPendingCount(count: number): void;
  setFilters(filters: { risk?: RiskLevel | null; kind?: DecisionKind | null }): Promise<void>;
  refresh(): Promise<void>;
  loadRefusals(): Promise<void>;
  select(id: string | null): Promise<void>;
  review(verdict: 'approve' | 'reject', comment: string): Promise<boolean>;
  verifyAudit(): Promise<void>;
  loadConstitution(): Promise<void>;
  loadControls(): Promise<void>;
  setKillSwitch(engaged: boolean): Promise<void>;
  setBudget(budget: AiBudget): Promise<void>;
  setProjectAi(enabled: boolean): Promise<void>;
}

/** Every state after review: what the Inbox lists under "Decided recently". */
const DECIDED: DecisionStatus[] = ['approved', 'executing', 'executed', 'failed', 'rejected', 'expired'];
const RECENT = 5;

/** How these stores reach core: handed the client when the workbench wires its features. */
export const inboxClient = storeClient('Inbox');

/** The Inbox: decisions waiting for the owner, the one being read, the audit status and the AI controls. */
export const useInbox = create<InboxState>((set, get) => ({
  tab: 'decisions',
  pendingCount: 0,
  decisions: [],
  recent: [],
  refusals: [],
  riskFilter: null,
  kindFilter: null,
  selectedId: null,
  details: null,
  busy: false,
  audit: null,
  constitution: null,
  controls: null,
  setTab: (tab) => set({ tab }),
  setPendingCount: (pendingCount) => set({ pendingCount }),
  async setFilters({ risk, kind }) {
    set((s) => ({
      riskFilter: risk === undefined ? s.riskFilter : risk,
      kindFilter: kind === undefined ? s.kindFilter : kind,
    }));
    await get().refresh();
  },
  async refresh() {
    try {
      const { riskFilter, kindFilter, selectedId } = get();
      const [{ decisions }, overview, { decisions: recent }] = await Promise.all([
        inboxClient().call('governance.list', {
          ...(riskFilter ? { risk: [riskFilter] } : {}),
          ...(kindFilter ? { kind: [kindFilter] } : {}),
        }),
        inboxClient().call('governance.overview', {}),
        inboxClient().call('governance.list', { status: DECIDED, limit: RECENT }),
      ]);
      set({ decisions, recent, pendingCount: overview.pendingCount });
      if (!selectedId) return;
      // A decision stays open while it is listed, waiting or decided; one that moved on is read again.
      const listed = [...decisions, ...recent].find((d) => d.id === selectedId);
      if (!listed) set({ selectedId: null, details: null });
      else if (get().details && get().details?.decision.version !== listed.version) void get().select(selectedId);
    } catch (error) {
      reportError('inbox.actions.load', error);
    }
  },
  async loadRefusals() {
    try {
      const { refusals } = await inboxClient().call('governance.refusals', { limit: 50 });
      set({ refusals });
    } catch (error) {
      reportError('inbox.actions.load', error);
    }
  },
  async select(id) {
    set({ selectedId: id, details: null });
    if (!id) return;
    try {
      const details = await inboxClient().call('governance.get', { id });
      if (get().selectedId === id) set({ details });
    } catch (error) {
      reportError('inbox.actions.load', error);
    }
  },
  async review(verdict, comment) {
    const id = get().selectedId;
    if (!id || get().busy) return false;
    set({ busy: true });
    try {
      await inboxClient().call(verdict === 'approve' ? 'governance.approve' : 'governance.reject', { id, comment });
      set({ selectedId: null, details: null });
      await get().refresh();
      return true;
    } catch (error) {
      reportError(verdict === 'approve' ? 'inbox.actions.approve' : 'inbox.actions.reject', error);
      return false;
    } finally {
      set({ busy: false });
    }
  },
  async verifyAudit() {
    try {
      set({ audit: await inboxClient().call('governance.auditVerify', {}) });
    } catch (error) {
      reportError('inbox.actions.verify', error);
    }
  },
  async loadConstitution() {
    try {
      const { constitution, jsonSchema } = await inboxClient().call('governance.constitution', {});
      set({ constitution: { constitution, jsonSchema } });
    } catch (error) {
      reportError('inbox.actions.load', error);
    }
  },
  async loadControls() {
    try {
      set({ controls: await inboxClient().call('governance.controls', {}) });
    } catch (error) {
      reportError('inbox.actions.load', error);
    }
  },
  async setKillSwitch(engaged) {
    try {
      set({ controls: await inboxClient().call('governance.setKillSwitch', { engaged }) });
    } catch (error) {
      reportError('inbox.actions.controls', error);
    }
  },
  async setBudget(budget) {
    try {
      set({ controls: await inboxClient().call('governance.setBudget', budget) });
    } catch (error) {
      reportError('inbox.actions.controls', error);
    }
  },
  async setProjectAi(enabled) {
    try {
      set({ controls: await inboxClient().call('governance.setProjectAi', { enabled }) });
    } catch (error) {
      reportError('inbox.actions.controls', error);
    }
  },
}));
