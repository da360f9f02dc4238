import { defineCoreFeature } from '../api/feature.js';
import { CoreError } from '../contracts/errors.js';
import { AUDIT_STREAM } from '../contracts/sync.js';
import { AuditLog } from '../governance/audit-log.js';
import { governanceFeature } from '../governance/feature.js';
import { AccountStore } from './account.js';
import { type SyncAccount, type SyncStatus, syncContract } from './contract.js';
import { SyncEngine } from './engine.js';
import { SyncFailure, SyncServerClient, serverOrigin } from './server-client.js';
import { verifyTenantAudit } from './tenant-audit.js';
import { TenantLog } from './tenant-log.js';

/** This device's account with its credential, for features of core that call the server (never the renderer). */
export interface SignedInDevice {
  account: SyncAccount;
  credential: string;
  client: SyncServerClient;
}

const signedOut: SyncStatus = {
  state: 'signed-out',
  account: null,
  waiting: 0,
  refused: 0,
  cursor: 0,
  lastPushAt: null,
  lastPullAt: null,
  problem: null,
  problemMessage: null,
};

/** A failure of a call to the server, as the caller sees it: the server's words, under the API's codes. */
export function signInError(error: unknown): CoreError {
  if (!(error instanceof SyncFailure))
    return error instanceof CoreError ? error : new CoreError('INTERNAL', String(error));
  switch (error.kind) {
    case 'offline':
    case 'busy':
      return new CoreError('TRANSPORT', error.message, { retryAfter: error.retryAfter });
    case 'unauthorized':
      return new CoreError('UNAUTHORIZED', error.message, error.problem?.details);
    case 'revoked':
      return new CoreError('PERMISSION_DENIED', error.message);
    case 'refused':
      return new CoreError(error.problem?.status === 403 ? 'PERMISSION_DENIED' : 'INVALID_INPUT', error.message);
    case 'invalid-answer':
      return new CoreError('TRANSPORT', { code: 'ERROR_SYNC_PROTOCOL', params: { detail: error.message } });
  }
}

/**
 * Sync with a governance server: signing in registers this device and keeps its credential sealed in
 * core; while signed in, an engine pushes what this device records and pulls the tenant's log. Works
 * the same with the server down or never configured: everything local goes on, and waits.
 */
export const syncFeature = defineCoreFeature(syncContract, (context) => {
  const accounts = new AccountStore(context.dataDir, context.cipher, context.log);
  const governance = context.use(governanceFeature);
  let engine: SyncEngine | null = null;
  const emit = (status: SyncStatus) => context.bus.emit('sync.changed', status);

  const startEngine = async (): Promise<SyncEngine | null> => {
    const signedIn = await accounts.read();
    if (!signedIn) return null;
    governance.setSignedIn(signedIn.account.userId);
    const store = await governance.store();
    const next = new SyncEngine({
      store,
      account: signedIn.account,
      credential: signedIn.credential,
      client: new SyncServerClient(signedIn.account.server),
      log: context.log,
      onChange: emit,
      onSynced: (streamIds, refusals) => governance.synced(streamIds, refusals),
    });
    await next.start();
    return next;
  };
  // Resumes a signed-in device in the background; the window never waits for the store.
  const starting = startEngine()
    .then((started) => {
      engine = started;
    })
    .catch((error) => context.log('warn', 'Sync could not resume', { error: String(error) }));
  const status = async (): Promise<SyncStatus> => {
    await starting;
    return engine ? engine.status() : signedOut;
  };

  /** What code sync needs: the account, its credential (which stays in core) and a client for its server. */
  const exposes = {
    signedIn: async (): Promise<SignedInDevice | null> => {
      await starting;
      const signedIn = await accounts.read();
      return signedIn ? { ...signedIn, client: new SyncServerClient(signedIn.account.server) } : null;
    },
  };

  return {
    exposes,
    handlers: {
      'sync.status': async () => status(),
      'sync.signIn': async ({ server, email, password, totp, deviceName }, { signal }) => {
        const origin = serverOrigin(server);
        if (!origin.ok)
          throw new CoreError('INVALID_INPUT', { code: 'ERROR_SYNC_ADDRESS', params: { reason: origin.reason } });
        await starting;
        const client = new SyncServerClient(origin.origin);
        const device = await client
          .registerDevice({ email, password, ...(totp ? { totp } : {}), deviceName }, signal)
          .catch((error: unknown) => {
            throw signInError(error);
          });
        await engine?.stop();
        engine = null;
        await accounts.save(
          {
            server: origin.origin,
            email,
            userId: device.userId,
            tenantId: device.tenantId,
            role: device.role,
            deviceId: device.deviceId,
            deviceName,
            signedInAt: new Date().toISOString(),
          },
          device.credential,
        );
        await new TenantLog(await governance.store()).begin(device.tenantId);
        engine = await startEngine();
        const now = engine ? await engine.status() : signedOut;
        emit(now);
        return now;
      },
      'sync.signOut': async () => {
        await starting;
        await engine?.stop();
        if (engine) await engine.log.end();
        engine = null;
        await accounts.clear();
        governance.setSignedIn(null);
        emit(signedOut);
        return signedOut;
      },
      'sync.now': async ({ only }) => {
        await starting;
        if (!engine) throw new CoreError('UNAUTHORIZED', { code: 'ERROR_SYNC_SIGN_IN_FIRST' });
        return engine.syncNow(only);
      },
      'sync.devices': async (_input, { signal }) => {
        await starting;
        if (!engine) throw new CoreError('UNAUTHORIZED', { code: 'ERROR_SYNC_SIGN_IN_FIRST' });
        const devices = await engine.devices(signal).catch((error: unknown) => {
          throw signInError(error);
        });
        return { devices };
      },
      'sync.verifyTenantAudit': async (_input, { signal }) => {
        await starting;
        if (!engine) throw new CoreError('UNAUTHORIZED', { code: 'ERROR_SYNC_SIGN_IN_FIRST' });
        const current = engine;
        // This device's entries pushed first; the chain read next; then a pull, so the copy of the log
        // holds every event the chain read records (each is committed with its record).
        await current.syncNow();
        const chain = await current.tenantAudit(signal).catch((error: unknown) => {
          throw signInError(error);
        });
        await current.syncNow('pull');
        const audit = new AuditLog(await governance.store());
        return verifyTenantAudit({
          chain: chain.entries,
          anchor: chain.anchor,
          pulled: await current.log.stream(AUDIT_STREAM),
          local: { entries: await audit.entries(), verification: await audit.verify() },
          deviceId: current.account.deviceId,
        });
      },
      'sync.blueprintConflicts': async () => ({ conflicts: await governance.blueprintConflicts() }),
      'sync.compareBlueprint': async ({ id }) => governance.compareBlueprint(id),
      'sync.rebaseBlueprint': async ({ id }, { actor }) => {
        const { secret: _never, ...outcome } = await governance.rebaseBlueprint(id, actor);
        return outcome;
      },
      'sync.refusals': async ({ limit }) => {
        await starting;
        return { refusals: engine ? await engine.outbox.refused(limit) : [] };
      },
    },
    close: async () => {
      await starting;
      await engine?.stop();
    },
  };
});
