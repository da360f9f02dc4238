import type { RiskReason } from '../contracts/constitution.js';
import type { RiskLevel } from '../contracts/governance.js';
import type { MessageParam, SystemMessage } from '../contracts/messages/system-message.js';

/**
 * Every reason the classifier gives and its level. Its words are the catalogue's
 * (`contracts/messages/catalogue-*.ts`), in the UI's language or the CLI's; `params` are the values
 * a reason names (a path, a program), and messages of their own where a value is itself words.
 */
export const REASON_RISK = {
  ROUTINE: 'low',
  UNKNOWN_KIND: 'medium',
  BLUEPRINT_CHANGE: 'medium',
  DEPLOY: 'high',
  SECRET_READ: 'high',
  PRODUCTION_SECRET: 'critical',
  NO_TARGET: 'high',
  PATH_OUTSIDE_PROJECT: 'high',
  READ_OUTSIDE_PROJECT: 'medium',
  SYSTEM_PATH: 'critical',
  DELETE_OUTSIDE_PROJECT: 'critical',
  DELETE_PROJECT: 'critical',
  RECURSIVE_DELETE: 'high',
  DELETE: 'medium',
  HIDDEN_PATH: 'medium',
  GIT_INTERNALS: 'critical',
  GIT_HOOKS: 'high',
  SECRET_FILE: 'high',
  LOCKFILE: 'high',
  CI_CONFIG: 'high',
  MANIFEST: 'medium',
  INSTALL_SCRIPT: 'high',
  SECRET_IN_CONTENT: 'high',
  PROMPT_INJECTION: 'high',
  SHELL_REQUIRED: 'high',
  ENVIRONMENT_SET: 'high',
  PROJECT_PROGRAM: 'high',
  OTHER_REPOSITORY: 'medium',
  LINKED_PATH: 'medium',
  UNPARSEABLE: 'high',
  NESTED_TOO_DEEP: 'high',
  EMPTY_COMMAND: 'medium',
  READ_ONLY_COMMAND: 'low',
  UNKNOWN_PROGRAM: 'medium',
  SUBSTITUTION: 'medium',
  SHELL_STRING: 'medium',
  PIPE_TO_SHELL: 'high',
  BACKGROUND: 'medium',
  PRIVILEGE_ESCALATION: 'critical',
  REMOTE_SCRIPT: 'critical',
  NETWORK: 'medium',
  UPLOAD: 'high',
  EXFILTRATION: 'critical',
  WORLD_WRITABLE: 'critical',
  PERMISSIONS: 'medium',
  FORCE_PUSH: 'critical',
  PUSH: 'high',
  GIT_DESTRUCTIVE: 'high',
  GIT_RUNS_PROGRAMS: 'high',
  PUBLISH: 'critical',
  PACKAGE_INSTALL: 'medium',
  DOWNLOADED_TOOL: 'medium',
  DISK: 'critical',
  SYSTEM_CONTROL: 'high',
  ENVIRONMENT_DUMP: 'medium',
  POPULAR_PACKAGE: 'low',
  UNKNOWN_PACKAGE: 'medium',
  TYPOSQUAT: 'high',
  SCOPED_LOOKALIKE: 'high',
  INVALID_PACKAGE_NAME: 'high',
  REMOTE_SOURCE: 'high',
  UNPINNED: 'medium',
  RUNS_ON_HOST: 'high',
  HOST_NETWORK: 'high',
} satisfies Record<string, RiskLevel>;

export type RiskReasonCode = keyof typeof REASON_RISK;

export function riskReason(code: RiskReasonCode, params: Record<string, MessageParam> = {}): RiskReason {
  return { code, risk: REASON_RISK[code], ...(Object.keys(params).length ? { params } : {}) };
}

/** The level's word as a message: `RISK_HIGH` is "high" / "مرتفعة". */
export function riskLevelMessage(risk: RiskLevel): SystemMessage {
  return { code: `RISK_${risk.toUpperCase()}` };
}
