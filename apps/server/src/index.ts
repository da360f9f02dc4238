/**
 * The governance server (tenants, users and roles, approvals, audit on PostgreSQL) is built by a
 * later issue. It will share its contracts with the desktop through `@webnova/core/contracts`;
 * nothing runs here yet.
 */
export type { CoreErrorShape, ErrorCode } from '@webnova/core/contracts';
