import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { z } from 'zod';
import packageJson from '../package.json' with { type: 'json' };
import { registerAuditRoutes } from './audit/routes.js';
import { registerAccessTokenRoutes } from './auth/access-tokens.js';
import { DEFAULT_HASH_QUEUE_LIMITS, HashQueue, type HashQueueLimits } from './auth/hash-queue.js';
import { authenticate } from './auth/principal.js';
import { registerAuthRoutes } from './auth/routes.js';
import { SecretBox } from './auth/secret-box.js';
import { DEFAULT_SIGN_IN_LIMITS, type SignInLimits, SignInThrottle } from './auth/sign-in-throttle.js';
import { registerTotpRoutes } from './auth/totp-routes.js';
import { sealLegacyTotpSecrets, TotpSecrets } from './auth/totp-secrets.js';
import type { LogLevel } from './config.js';
import type { Database } from './db/database.js';
import { DecisionExpiryTimer } from './decisions/expiry.js';
import { registerDecisionRoutes } from './decisions/routes.js';
import { authenticateDevice } from './devices/credential.js';
import { registerDeviceRoutes } from './devices/routes.js';
import { GitRunner } from './git/git-process.js';
import { PushLocks } from './git/push-lock.js';
import { protectedBranchPolicy, type RefUpdatePolicy } from './git/ref-policy.js';
import { Repositories } from './git/repositories.js';
import { DEFAULT_GIT_LIMITS, type GitHostingLimits, registerGitRoutes } from './git/routes.js';
import { installProblemHandlers, problemServerOptions } from './http/errors.js';
import { BODY_LIMITS, installJsonBodyParser } from './http/json-body.js';
import { OpenApi, OpenApiDocument } from './http/openapi.js';
import { ServerError } from './http/problem.js';
import { addRoute, authenticateDevicesWith, authenticateWith, checkAnswersOf, handlersFinished } from './http/route.js';
import { type InvitationMailer, ServerLogMailer } from './invitations/mailer.js';
import { InvitationOutbox } from './invitations/outbox.js';
import { SmtpMailer, type SmtpSettings } from './invitations/smtp.js';
import { NotificationHub } from './notifications/hub.js';
import { registerNotificationRoutes } from './notifications/routes.js';
import { registerProjectRoutes } from './projects/routes.js';
import { SyncPokes } from './sync/pokes.js';
import { registerSyncRoutes } from './sync/routes.js';
import { registerTenantRoutes } from './tenants/routes.js';
import { registerUserRoutes } from './users/routes.js';

export interface AppOptions {
  db: Database;
  logLevel?: LogLevel;
  /** Wrong guesses at passwords and authenticator codes allowed per email, address and user. */
  signInLimits?: SignInLimits;
  /** How many password hashes run at once and wait (bounded, so a burst cannot starve a real login). */
  hashQueue?: HashQueueLimits;
  /** How often due decisions are expired when nobody reads them (default 1 s; 0: never by timer). */
  expiryIntervalMs?: number;
  /** The key TOTP secrets are encrypted under; without one, two-factor sign-in cannot be set up. */
  secretKey?: Buffer | null;
  /** How invitations reach invitees (default: SMTP when `smtp` is given, else the server's log). */
  mailer?: InvitationMailer;
  /** The SMTP server for invitations (WEBNOVA_SMTP_URL, WEBNOVA_SMTP_FROM). */
  smtp?: SmtpSettings | null;
  /** How often undelivered invitations are tried again (default 30 s; 0: only right after an invite). */
  outboxIntervalMs?: number;
  /** Tests only: hold every answer to its route's declared schema (`checkAnswersOf`). */
  checkAnswers?: boolean;
  /**
   * Git hosting: the folder of the bare repositories (WEBNOVA_GIT_ROOT), its limits, and the ref policy
   * (default: protected branches for owners and sovereigns). Without it, publishing a project answers
   * NOT_CONFIGURED.
   */
  git?: { root: string; limits?: Partial<GitHostingLimits>; policy?: RefUpdatePolicy } | null;
}

/** The HTTP server around a migrated database: routes, validation and problem answers; not yet listening. */
export function buildApp({
  db,
  logLevel = 'info',
  signInLimits = DEFAULT_SIGN_IN_LIMITS,
  hashQueue = DEFAULT_HASH_QUEUE_LIMITS,
  expiryIntervalMs = 1_000,
  checkAnswers = false,
  secretKey = null,
  mailer,
  smtp = null,
  outboxIntervalMs = 30_000,
  git = null,
}: AppOptions): FastifyInstance {
  const options: FastifyServerOptions = {
    logger: {
      level: logLevel,
      redact: ['req.headers.authorization', 'req.headers.cookie'],
    },
    bodyLimit: BODY_LIMITS.bytes,
    ...problemServerOptions,
    // While closing: new requests get 503, those in flight finish, idle keep-alive sockets are dropped.
    return503OnClosing: true,
    forceCloseConnections: 'idle',
  };
  const app = Fastify(options);
  installProblemHandlers(app);
  installJsonBodyParser(app);
  if (checkAnswers) checkAnswersOf(app);
  authenticateWith(app, (request) => authenticate(db, request));
  authenticateDevicesWith(app, (request) => authenticateDevice(db, request));

  // A keep-alive client would hold its socket open past the last answer and keep close() waiting:
  // answers sent while closing tell it to hang up.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (_request, reply) => {
    if (closing) reply.header('connection', 'close');
  });

  const openapi = new OpenApiDocument(packageJson.version);
  const health = {
    method: 'GET',
    url: '/healthz',
    summary: 'The process is up',
    signedIn: false,
    success: { status: 200, description: 'Up', schema: z.object({ status: z.literal('ok') }).strict() },
  } as const;
  addRoute(app, openapi, health, async () => ({ status: 'ok' as const }));
  const ready = {
    method: 'GET',
    url: '/readyz',
    summary: 'The database answers',
    signedIn: false,
    success: {
      status: 200,
      description: 'Ready, and on which database',
      schema: z.object({ status: z.literal('ready'), database: z.enum(['postgres', 'pglite']) }).strict(),
    },
    problems: { 503: 'NOT_READY: the database does not answer' },
  } as const;
  addRoute(app, openapi, ready, async (_input, request) => {
    try {
      await db.ping();
    } catch (error) {
      request.log.warn({ err: error }, 'database not answering');
      throw new ServerError('NOT_READY', 'The database does not answer.');
    }
    return { status: 'ready' as const, database: db.kind };
  });

  const secrets = new TotpSecrets(secretKey ? new SecretBox(secretKey) : null);
  app.addHook('onReady', async () => {
    const sealed = await sealLegacyTotpSecrets(db, secrets);
    if (sealed > 0) app.log.info({ sealed }, 'encrypted the two-factor secrets stored before encryption');
    if (!secretKey) app.log.warn('WEBNOVA_SECRET_KEY is not set: two-factor sign-in cannot be set up');
  });

  const outbox = new InvitationOutbox(
    db,
    mailer ?? (smtp ? new SmtpMailer(smtp) : new ServerLogMailer(app.log)),
    app.log,
  );
  // Invitations queued before a restart go out now.
  app.addHook('onReady', async () => {
    void outbox.deliverDue();
    if (outboxIntervalMs > 0) outbox.start(outboxIntervalMs);
  });
  app.addHook('onClose', async () => outbox.stop());

  const hub = new NotificationHub();
  const throttle = new SignInThrottle(signInLimits);
  registerAuthRoutes(app, openapi, db, throttle, new HashQueue(hashQueue), hub, secrets);
  registerTotpRoutes(app, openapi, db, secrets, throttle);
  registerTenantRoutes(app, openapi, db);
  registerUserRoutes(app, openapi, db, hub, outbox);
  registerDecisionRoutes(app, openapi, db, hub, outbox);
  registerAuditRoutes(app, openapi, db);
  registerNotificationRoutes(app, openapi, db, hub);
  registerDeviceRoutes(app, openapi, db);
  // One LISTEN connection per process: a push on any replica pokes this one's sockets.
  const pokes = new SyncPokes(db, app.log);
  registerSyncRoutes(app, openapi, db, hub, pokes);
  registerAccessTokenRoutes(app, openapi, db);
  const runner = git ? new GitRunner(git.root) : null;
  const repositories = git && runner ? new Repositories(git.root, runner) : null;
  registerProjectRoutes(app, openapi, db, repositories);
  if (git && runner && repositories) {
    registerGitRoutes(app, openapi, db, {
      git: runner,
      repositories,
      locks: new PushLocks(db),
      limits: { ...DEFAULT_GIT_LIMITS, ...git.limits },
      policy: git.policy ?? protectedBranchPolicy,
    });
  }
  app.addHook('onReady', async () => pokes.start());
  app.addHook('preClose', async () => pokes.closeAll());
  app.addHook('onClose', async () => pokes.stop());

  if (expiryIntervalMs > 0) {
    const expiry = new DecisionExpiryTimer(db, hub, app.log, expiryIntervalMs);
    app.addHook('onReady', async () => expiry.start());
    app.addHook('onClose', async () => expiry.stop());
  }
  app.addHook('preClose', async () => hub.closeAll());
  app.addHook('onClose', async () => handlersFinished(app));
  const document = {
    method: 'GET',
    url: '/openapi.json',
    summary: 'This document',
    signedIn: false,
    success: { status: 200, description: 'OpenAPI 3.1', schema: OpenApi },
  } as const;
  addRoute(app, openapi, document, async () => openapi.toJSON());
  return app;
}
