import { z } from 'zod';

export const TenantParams = z.object({ tenantId: z.uuid('must be a tenant id') }).strict();
