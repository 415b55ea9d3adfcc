import { z } from 'zod';

import { ERROR_CODES } from '../errors';

export const ErrorInfoSchema = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
});

/** Integer minor units (cents for USD), never a float. */
export const MinorUnitsSchema = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

export const PositiveMinorUnitsSchema = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

export const EmptyInputSchema = z.object({}).strict();

export const EnvironmentSchema = z.enum(['demo', 'uat', 'production']);
export type Environment = z.infer<typeof EnvironmentSchema>;

export const OperatorRoleSchema = z.enum(['cashier', 'manager']);
export type OperatorRole = z.infer<typeof OperatorRoleSchema>;
