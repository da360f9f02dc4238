import type { BlueprintIssue, BlueprintIssueCode } from '../contracts/index.js';

export type IssueParams = Record<string, string | number>;

/**
 * An issue at `path` (an RFC 6901 pointer): its code and the values it names. Its words are the
 * system catalogue's (`contracts/messages`), put into the reader's language where it is shown.
 */
export function blueprintIssue(path: string, code: BlueprintIssueCode, params: IssueParams = {}): BlueprintIssue {
  return Object.keys(params).length === 0 ? { path, code } : { path, code, params };
}
