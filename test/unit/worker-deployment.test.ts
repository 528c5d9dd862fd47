import { strict as assert } from 'node:assert';
import { loadConfig } from '../../src/config/config.js';
import {
  buildIdFor,
  DEFAULT_DEPLOYMENT_NAME,
  deploymentOptions,
  packageVersion,
  productionDeploymentProblems,
  workerDeployment,
} from '../../src/temporal/deployment.js';
import { VERSIONING_BEHAVIOR } from '../../src/workflows/versioning.js';
import * as workflows from '../../src/workflows/index.js';

describe('worker deployment and build id', () => {
  it('names the build by package version and commit, and by version alone without git', () => {
    assert.equal(buildIdFor('0.2.0', '1a2b3c4d5e6f'), '0.2.0+1a2b3c4d5e6f');
    assert.equal(buildIdFor('0.2.0', undefined), '0.2.0+nogit');
  });

  it('derives the build id from this checkout unless WORKER_BUILD_ID names it', () => {
    const derived = workerDeployment({ versioning: true });
    assert.equal(derived.deploymentName, DEFAULT_DEPLOYMENT_NAME);
    assert.ok(derived.buildId.startsWith(`${packageVersion()}+`), derived.buildId);
    const named = workerDeployment({ versioning: false, deploymentName: 'pay', buildId: 'b-7' });
    assert.deepEqual(named, { deploymentName: 'pay', buildId: 'b-7', versioning: false });
  });

  it('gives the worker deployment options only with versioning on', () => {
    assert.deepEqual(deploymentOptions(workerDeployment({ versioning: false, buildId: 'x' })), {});
    assert.deepEqual(deploymentOptions(workerDeployment({ versioning: true, buildId: 'x' })), {
      workerDeploymentOptions: {
        version: { deploymentName: DEFAULT_DEPLOYMENT_NAME, buildId: 'x' },
        useWorkerVersioning: true,
        defaultVersioningBehavior: 'PINNED',
      },
    });
  });

  it('is off by default in development; production must say on or off, and name a commit when on', () => {
    assert.equal(loadConfig({ APP_MODE: 'development' }).deployment.versioning, false);
    assert.equal(
      loadConfig({ APP_MODE: 'development', WORKER_VERSIONING: 'on' }).deployment.versioning,
      true,
    );
    assert.deepEqual(
      productionDeploymentProblems({ versioning: undefined }, '0.2.0+abc').map((p) => p.variable),
      ['WORKER_VERSIONING'],
    );
    assert.deepEqual(
      productionDeploymentProblems({ versioning: true }, '0.2.0+nogit').map((p) => p.variable),
      ['WORKER_BUILD_ID'],
    );
    assert.deepEqual(productionDeploymentProblems({ versioning: true }, '0.2.0+abc'), []);
    assert.deepEqual(productionDeploymentProblems({ versioning: false }, '0.2.0+nogit'), []);
  });

  it('declares a versioning behavior for every workflow type the worker registers', () => {
    assert.deepEqual(Object.keys(VERSIONING_BEHAVIOR).sort(), Object.keys(workflows).sort());
  });
});
