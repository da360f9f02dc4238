import type { MethodOutput } from '@webnova/core/contracts';
import { create } from 'zustand';
import { describeError, type ErrorDescription } from '../i18n/describe-error';
import { syncClient } from './sync-store';

export type AccessToken = MethodOutput<'git.listAccessTokens'>['tokens'][number];
export type WaitingBranch = MethodOutput<'git.remoteStatus'>['branches'][number];

interface CodeSyncState {
  /** The open repository's branches the server does not have yet (commits, or the whole branch). */
  waiting: WaitingBranch[];
  origin: string | null;
  tokens: AccessToken[] | null;
  /** The token just created: its secret, shown this once, until the user dismisses it. */
  created: { name: string; token: string } | null;
  error: ErrorDescription | null;
  /** Why the tokens could not be listed (a server without them, or offline): a hint, not an alarm. */
  tokensUnavailable: ErrorDescription | null;
  busy: boolean;
  load(): Promise<void>;
  createToken(name: string, scope: 'read' | 'read-write', expiresInDays?: number): Promise<boolean>;
  revokeToken(id: string): Promise<void>;
  dismissCreated(): void;
}

/** The Sync view's code part: branches waiting to be pushed, and personal access tokens for the git CLI. */
export const useCodeSync = create<CodeSyncState>((set, get) => {
  async function attempt(job: () => Promise<void>): Promise<boolean> {
    set({ busy: true, error: null });
    try {
      await job();
      return true;
    } catch (error) {
      set({ error: describeError(error) });
      return false;
    } finally {
      set({ busy: false });
    }
  }
  return {
    waiting: [],
    origin: null,
    tokens: null,
    created: null,
    error: null,
    tokensUnavailable: null,
    busy: false,
    async load() {
      const [remote, tokens] = await Promise.allSettled([
        syncClient().call('git.remoteStatus', {}),
        syncClient().call('git.listAccessTokens', {}),
      ]);
      set({
        waiting: remote.status === 'fulfilled' ? remote.value.branches.filter((branch) => branch.waiting) : [],
        origin: remote.status === 'fulfilled' ? remote.value.origin : null,
        tokens: tokens.status === 'fulfilled' ? tokens.value.tokens.filter((token) => !token.revokedAt) : [],
        tokensUnavailable: tokens.status === 'rejected' ? describeError(tokens.reason) : null,
      });
    },
    createToken(name, scope, expiresInDays) {
      return attempt(async () => {
        const created = await syncClient().call('git.createAccessToken', {
          name,
          scope,
          ...(expiresInDays ? { expiresInDays } : {}),
        });
        set({ created: { name: created.name, token: created.token } });
        await get().load();
      });
    },
    async revokeToken(id) {
      await attempt(async () => {
        await syncClient().call('git.revokeAccessToken', { id });
        await get().load();
      });
    },
    dismissCreated() {
      set({ created: null });
    },
  };
});
