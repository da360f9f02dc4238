import type { RiskReason } from '../contracts/constitution.js';
import type { SystemMessage } from '../contracts/messages/system-message.js';
import { riskReason } from './risk-reasons.js';

/** Where a text came from, for the reason's words. */
export type TextSource = 'rationale' | 'content';
const SOURCE_WORDS: Record<TextSource, SystemMessage> = {
  rationale: { code: 'TEXT_IN_RATIONALE' },
  content: { code: 'TEXT_IN_CONTENT' },
};

/**
 * Phrases that address the AI or the approval process rather than the work. They cannot change what the
 * constitution decides (it never reads them); they raise the risk so the owner looks closely.
 */
const INJECTION_PATTERNS: readonly RegExp[] = [
  /\b(ignore|disregard|forget|override)\b.{0,40}\b(instructions?|rules?|constitution|polic(y|ies)|guardrails?|prompt)\b/i,
  /\b(skip|bypass|avoid|circumvent|disable|without)\b.{0,30}\b(approvals?|reviews?|the owner|constitution|confirmation|asking)\b/i,
  /\b(already|pre-?|auto-?)\s?(approved|authori[sz]ed)\b/i,
  /\bauto-?approve\b/i,
  /\b(you are now|act as|new instructions|system prompt|developer mode|jailbreak)\b/i,
  /\bdo not (tell|ask|inform|notify|alert)\b.{0,20}\b(owner|user|anyone|reviewer)\b/i,
  /\b(read|print|cat|show|send|upload|exfiltrate|dump|reveal|leak)\b.{0,40}(\.env\b|secrets?\b|credentials?\b|api[ _-]?keys?\b|tokens?\b|id_rsa|private key)/i,
  /تجاهل.{0,30}(التعليمات|القواعد|الدستور)/,
  /(تخط|تجاوز|بدون|دون).{0,20}(الموافقة|المراجعة|موافقة|مراجعة)/,
  /(تمت|تم)\s?(الموافقة|اعتماد)/,
  /(اقرأ|أرسل|اطبع|اعرض).{0,30}(الأسرار|السر|كلمات المرور|المفاتيح|\.env)/,
];

/** What secrets look like in text: a key block, well-known token shapes, a key assigned a long literal. */
const SECRET_PATTERNS: readonly { what: SystemMessage; pattern: RegExp }[] = [
  { what: { code: 'SECRET_PRIVATE_KEY' }, pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/ },
  { what: { code: 'SECRET_AWS_KEY' }, pattern: /\b(AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { what: { code: 'SECRET_GITHUB_TOKEN' }, pattern: /\bgh[pousr]_[A-Za-z0-9]{36,}\b/ },
  { what: { code: 'SECRET_SLACK_TOKEN' }, pattern: /\bxox[abpors]-[A-Za-z0-9-]{10,}\b/ },
  { what: { code: 'SECRET_API_KEY' }, pattern: /\bsk-[A-Za-z0-9_-]{20,}\b/ },
  {
    what: { code: 'SECRET_CREDENTIAL' },
    pattern: /\b(api[_-]?key|secret|password|passwd|token|access[_-]?key)\b\s*[:=]\s*['"][^'"\s]{12,}['"]/i,
  },
];

/** The longest text looked at: an action's content may be large, and injection that matters comes early or is repeated. */
const MAX_SCAN = 200_000;

function quoted(text: string, index: number, length: number): string {
  const snippet = text.slice(index, index + Math.min(length, 80)).replace(/\s+/g, ' ');
  return snippet.length < length ? `${snippet}…` : snippet;
}

export function textReasons(text: string, source: TextSource): RiskReason[] {
  const scanned = text.length > MAX_SCAN ? text.slice(0, MAX_SCAN) : text;
  const reasons: RiskReason[] = [];
  for (const pattern of INJECTION_PATTERNS) {
    const match = pattern.exec(scanned);
    if (match) {
      reasons.push(
        riskReason('PROMPT_INJECTION', {
          where: SOURCE_WORDS[source],
          quote: quoted(scanned, match.index, match[0].length),
        }),
      );
      break;
    }
  }
  for (const { what, pattern } of SECRET_PATTERNS) {
    if (pattern.test(scanned)) {
      reasons.push(riskReason('SECRET_IN_CONTENT', { where: SOURCE_WORDS[source], what }));
      break;
    }
  }
  return reasons;
}
