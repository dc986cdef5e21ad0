import { z } from 'zod';

/** GET /api/v1/dashboard/{opdId}: the month (YYYY-MM; this month on the Pemda's calendar when absent). */
export const DashboardQuery = z.object({ month: z.string().optional().describe('YYYY-MM; this month (Asia/Jakarta) by default') }).strict();
