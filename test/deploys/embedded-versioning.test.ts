import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { startStack, type Stack } from '../../src/embedded/stack.js';
import { workerDeployment } from '../../src/temporal/deployment.js';
import { describeVersion } from '../../src/temporal/worker-deployments.js';
import { devServer, workflowBundle } from '../helpers/temporal.js';

describe('the embedded stack with versioning on', function () {
  this.timeout(120_000);
  let stack: Stack;
  let dataDir: string;
  const deployment = workerDeployment({
    versioning: true,
    deploymentName: `embedded-${randomBytes(3).toString('hex')}`,
    buildId: '0.2.0+embedded',
  });
  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ixopay-embedded-'));
    stack = await startStack({
      dataDir,
      temporalAddress: (await devServer()).address,
      taskQueue: `embedded-${randomBytes(4).toString('hex')}`,
      workflowBundle: await workflowBundle(),
      deployment,
    });
  });
  after(async () => {
    await stack?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('makes its worker version current at start, so charges run at once, pinned to that build', async () => {
    assert.equal(
      (await describeVersion(stack.temporal.connection, 'default', deployment))?.status,
      'current',
    );
    await stack.store.addCustomer({ id: 'emb-c1', email: 'emb-c1@example.org', status: 'active' });
    await stack.store.grantMandate('emb-c1', { reference: 'm-emb-c1' });
    const chargeId = `emb-${randomBytes(4).toString('hex')}`;
    const registered = await stack.client.registerCustomer({
      registrationId: `reg-${chargeId}`,
      customerId: 'emb-c1',
      kind: 'register',
      transactionToken: 'ix::test-visa',
    });
    assert.equal(registered.status, 'succeeded');
    const result = await stack.client.chargeAndWait({
      chargeId,
      customerId: 'emb-c1',
      amountMinor: 1000,
      currency: 'EUR',
      initiator: 'merchant',
    });
    assert.equal(result.status, 'succeeded');
    const info = (await stack.temporal.workflow.getHandle(`charge-${chargeId}`).describe()).raw
      .workflowExecutionInfo?.versioningInfo;
    assert.equal(info?.deploymentVersion?.buildId, deployment.buildId);
    assert.equal(info?.deploymentVersion?.deploymentName, deployment.deploymentName);
  });
});
