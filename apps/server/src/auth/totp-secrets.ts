import type { Database, Queryable } from '../db/database.js';
import { ServerError } from '../http/problem.js';
import { isSealed, type SecretBox, sealedKeyId } from './secret-box.js';

/** The key variable, as messages name it. */
const KEY_VARIABLE = 'WEBNOVA_SECRET_KEY';

/**
 * How TOTP secrets rest in `users.totp_secret`: sealed with the server key (`v1:…`, bound to the user's
 * id). A secret stored before encryption came in (base32, unprefixed) still works as it is, and is sealed
 * on start (`sealLegacyTotpSecrets`) or, at the latest, the next time a code checks out against it.
 */
export class TotpSecrets {
  constructor(private readonly box: SecretBox | null) {}

  get keyId(): string | null {
    return this.box?.keyId ?? null;
  }

  /** What the database keeps for a new secret. Without a key there is nothing safe to keep: NOT_CONFIGURED. */
  seal(userId: string, secret: string): string {
    if (!this.box) {
      throw new ServerError(
        'NOT_CONFIGURED',
        `This server has no ${KEY_VARIABLE}, so it cannot store a two-factor secret: its administrator sets one.`,
      );
    }
    return this.box.seal(secret, context(userId));
  }

  /** The base32 secret from what the database keeps (sealed or from before encryption). */
  open(userId: string, stored: string): string {
    if (!isSealed(stored)) return stored;
    if (!this.box) {
      throw new ServerError(
        'NOT_CONFIGURED',
        `This account's two-factor secret is encrypted and this server has no ${KEY_VARIABLE} to read it.`,
      );
    }
    if (sealedKeyId(stored) !== this.box.keyId) {
      throw new ServerError(
        'NOT_CONFIGURED',
        `This account's two-factor secret was encrypted under another ${KEY_VARIABLE} than this server's.`,
      );
    }
    return this.box.open(stored, context(userId));
  }

  /** The sealed form of a secret stored before encryption, when there is a key to seal it with; else null. */
  resealed(userId: string, stored: string): string | null {
    return this.box && !isSealed(stored) ? this.box.seal(stored, context(userId)) : null;
  }
}

const context = (userId: string) => `webnova:totp-secret:${userId}`;

/**
 * Replaces `stored` by its sealed form if the row still holds it: a secret set up or removed meanwhile
 * is left alone, and two servers sealing the same row at once seal it once.
 */
export async function resealTotpSecret(
  tx: Queryable,
  secrets: TotpSecrets,
  userId: string,
  stored: string,
): Promise<void> {
  const sealed = secrets.resealed(userId, stored);
  if (sealed) {
    await tx.query('update users set totp_secret = $3 where id = $1 and totp_secret = $2', [userId, stored, sealed]);
  }
}

/**
 * On start: refuses secrets this server could never read (sealed under another key, or sealed while it
 * has none), then seals those stored before encryption. Returns how many it sealed.
 */
export async function sealLegacyTotpSecrets(db: Database, secrets: TotpSecrets): Promise<number> {
  return db.transaction('installation', async (tx) => {
    const keys = await tx.query<{ key_id: string; count: number }>(
      `select split_part(totp_secret, ':', 2) as key_id, count(*)::int as count from users
        where totp_secret like 'v1:%' group by 1 order by 1`,
    );
    const foreign = keys.filter((row) => row.key_id !== secrets.keyId);
    if (foreign.length > 0) {
      const count = foreign.reduce((sum, row) => sum + row.count, 0);
      const which = foreign.map((row) => row.key_id).join(', ');
      throw new Error(
        secrets.keyId === null
          ? `${count} two-factor secret(s) are encrypted (key ${which}), and ${KEY_VARIABLE} is not set: set the key they were encrypted with`
          : `${count} two-factor secret(s) are encrypted under the key ${which}, not ${KEY_VARIABLE}'s (${secrets.keyId}): set the key they were encrypted with`,
      );
    }
    if (secrets.keyId === null) return 0;
    const legacy = await tx.query<{ id: string; totp_secret: string }>(
      `select id, totp_secret from users where totp_secret is not null and totp_secret not like 'v1:%' for update`,
    );
    for (const row of legacy) await resealTotpSecret(tx, secrets, row.id, row.totp_secret);
    return legacy.length;
  });
}
