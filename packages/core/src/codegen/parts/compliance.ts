import type { PlatformModel } from '../model/platform.js';
import type { ProjectFiles } from '../project.js';
import { renderPrivacy } from './privacy.js';

/** The audit log (every platform) and the controls the Blueprint's compliance regimes switch on. */
export function renderCompliance(model: PlatformModel, files: ProjectFiles): void {
  files.add('api/src/compliance/audit.ts', auditSource);
  if (model.controls.phiAccessLog) files.add('api/src/compliance/access-log.ts', accessLogSource);
  if (model.controls.phiEncryption) files.add('api/src/compliance/field-crypto.ts', fieldCryptoSource);
  if (model.controls.cardDataGuard) files.add('api/src/compliance/card-data.ts', cardDataSource);
  if (model.controls.consent || model.controls.dataSubjectRights) renderPrivacy(model, files);
}

const auditSource = `// The audit log: one row per change and per security event. The table refuses updates and deletes.
import type { Database } from '../db/client.js';
import { auditLogTable, type JsonValue } from '../db/schema.js';

export interface AuditEntry {
  readonly actorId: string | null;
  readonly action: string;
  readonly entity?: string;
  readonly recordId?: string;
  /** Names and counts, never the values of personal or health data. */
  readonly detail?: JsonValue;
}

export async function recordAudit(db: Database, entry: AuditEntry): Promise<void> {
  await db.insert(auditLogTable).values({
    actorId: entry.actorId,
    action: entry.action,
    entity: entry.entity ?? null,
    recordId: entry.recordId ?? null,
    detail: entry.detail ?? null,
  });
}
`;

const accessLogSource = `// HIPAA: every read of health data (phi fields) is logged with who, what and when.
import type { Database } from '../db/client.js';
import { accessLogTable } from '../db/schema.js';

export async function logPhiAccess(db: Database, userId: string, entity: string, recordIds: readonly string[], fields: readonly string[]): Promise<void> {
  if (recordIds.length === 0 || fields.length === 0) return;
  await db.insert(accessLogTable).values(recordIds.map((recordId) => ({ userId, entity, recordId, fields: [...fields] })));
}
`;

const fieldCryptoSource = `// HIPAA: health data fields are encrypted with AES-256-GCM before they reach the database.
// The key comes from PHI_ENCRYPTION_KEY (32 bytes, base64); unique fields are found by an HMAC of their value.
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

let cachedKey: Buffer | undefined;

function key(): Buffer {
  if (cachedKey) return cachedKey;
  const encoded = process.env.PHI_ENCRYPTION_KEY ?? '';
  const decoded = Buffer.from(encoded, 'base64');
  if (decoded.length !== 32) throw new Error('PHI_ENCRYPTION_KEY must be 32 random bytes in base64 (see .env.example).');
  cachedKey = decoded;
  return decoded;
}

/** Fails early (at start-up) when the key is missing or malformed. */
export function checkEncryptionKey(): void {
  key();
}

/** \`v1.iv.tag.ciphertext\` (base64url) of the JSON of \`value\`; null stays null. */
export function encryptField(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key(), iv);
  const data = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), data.toString('base64url')].join('.');
}

export function decryptField<T>(stored: string | null): T | null {
  if (stored === null) return null;
  const [version, iv, tag, data] = stored.split('.');
  if (version !== 'v1' || !iv || !tag || data === undefined) throw new Error('unreadable encrypted field');
  const decipher = createDecipheriv('aes-256-gcm', key(), Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  const text = Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
  return JSON.parse(text) as T;
}

/** A keyed hash of a value, so that a unique encrypted field can still be checked and found. */
export function lookupHash(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return createHmac('sha256', key()).update(JSON.stringify(value)).digest('hex');
}
`;

const cardDataSource = `// PCI-DSS: card numbers are never stored. A payment provider tokenizes them; only the token is kept.
import { HttpError } from '../access/context.js';

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

function holdsCardNumber(text: string): boolean {
  for (const match of text.matchAll(/[0-9][0-9 -]{11,22}[0-9]/g)) {
    const digits = match[0].replace(/[ -]/g, '');
    if (digits.length >= 13 && digits.length <= 19 && luhn(digits)) return true;
  }
  return false;
}

/** Refuses input holding anything that looks like a card number (13–19 digits passing the Luhn check). */
export function assertNoCardData(value: unknown): void {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const current = pending.pop();
    if (typeof current === 'string' && holdsCardNumber(current)) {
      throw new HttpError(422, 'CARD_DATA_REFUSED', 'Card numbers must not be stored; send the payment provider\\'s token instead.');
    }
    if (current && typeof current === 'object') pending.push(...Object.values(current));
  }
}
`;
