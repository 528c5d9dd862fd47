/**
 * A caller's workflow in TypeScript (the demo runs it in its own namespace): charges through the Nexus
 * endpoint, exactly as examples/python-caller does from Python. Workflow code: runs in the sandbox.
 */
import { createNexusServiceClient } from '@temporalio/workflow';
import type { ChargeRequest } from '../contract/requests.js';
import type { ChargeResult } from '../contract/domain.js';
import { paymentsService } from './service.js';

export async function chargeThroughNexus(endpoint: string, request: ChargeRequest): Promise<ChargeResult> {
  const payments = createNexusServiceClient({ service: paymentsService, endpoint });
  return payments.executeOperation('charge', request, { scheduleToCloseTimeout: '10 minutes' });
}
