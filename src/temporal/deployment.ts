/**
 * Worker Deployment Versioning: which deployment and build a worker belongs to, and whether the server routes
 * work by it. The build id names the code: the package version plus the git commit, so two builds of one
 * release differ and one build always has the same id on every replica. See docs/deploys.md.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { WorkerOptions } from '@temporalio/worker';

/** The deployment every payments worker joins unless WORKER_DEPLOYMENT_NAME says otherwise. */
export const DEFAULT_DEPLOYMENT_NAME = 'ixopay-payments';

const ROOT = new URL('../../', import.meta.url);
/** Written by `npm run build:bundle` next to the bundle, for installs without a .git directory. */
export const BUILD_INFO_FILE = fileURLToPath(new URL('dist/build-info.json', ROOT));

export interface WorkerDeployment {
  readonly deploymentName: string;
  readonly buildId: string;
  /** true: the server routes tasks by version (only a current or ramping version gets new work). */
  readonly versioning: boolean;
}

export interface DeploymentSettings {
  /** WORKER_DEPLOYMENT_NAME. */
  readonly deploymentName?: string | undefined;
  /** WORKER_BUILD_ID: taken as it is. */
  readonly buildId?: string | undefined;
  readonly versioning: boolean;
}

export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('package.json', ROOT), 'utf8')) as { version: string };
  return pkg.version;
}

/** The checkout's commit (12 hex digits), `-dirty` when tracked files differ from it; undefined without git. */
export function gitCommit(cwd = fileURLToPath(ROOT)): string | undefined {
  if (!existsSync(fileURLToPath(new URL('.git', ROOT)))) return undefined;
  try {
    const git = (...args: string[]): string =>
      execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const commit = git('rev-parse', '--short=12', 'HEAD');
    const dirty = git('status', '--porcelain', '--untracked-files=no') !== '';
    return dirty ? `${commit}-dirty` : commit;
  } catch {
    return undefined;
  }
}

/** `<version>+<commit>`, e.g. `0.2.0+1a2b3c4d5e6f`. */
export function buildIdFor(version: string, commit: string | undefined): string {
  return `${version}+${commit ?? 'nogit'}`;
}

/**
 * The build id of this code: the checkout's commit when there is one (a dist/ built earlier may be stale), else
 * the build's record (an installed package), else the version alone (`+nogit`).
 */
export function derivedBuildId(): string {
  const commit = gitCommit();
  if (commit) return buildIdFor(packageVersion(), commit);
  if (existsSync(BUILD_INFO_FILE)) {
    const info = JSON.parse(readFileSync(BUILD_INFO_FILE, 'utf8')) as { buildId?: unknown };
    if (typeof info.buildId === 'string' && info.buildId) return info.buildId;
  }
  return buildIdFor(packageVersion(), gitCommit());
}

export function workerDeployment(settings: DeploymentSettings): WorkerDeployment {
  return {
    deploymentName: settings.deploymentName ?? DEFAULT_DEPLOYMENT_NAME,
    buildId: settings.buildId ?? derivedBuildId(),
    versioning: settings.versioning,
  };
}

/**
 * The worker's deployment options. Without versioning none are given: the worker polls as before (unversioned)
 * and the build id is only logged and exported. Each workflow type declares its own behavior
 * (src/workflows/versioning.ts); PINNED is the fallback for a type that forgets to.
 */
export function deploymentOptions(
  deployment: WorkerDeployment | undefined,
): Pick<WorkerOptions, 'workerDeploymentOptions'> {
  if (!deployment?.versioning) return {};
  return {
    workerDeploymentOptions: {
      version: { deploymentName: deployment.deploymentName, buildId: deployment.buildId },
      useWorkerVersioning: true,
      defaultVersioningBehavior: 'PINNED',
    },
  };
}

/** Why a worker must not start with these settings in production (empty when it may). */
export function productionDeploymentProblems(
  settings: Omit<DeploymentSettings, 'versioning'> & { readonly versioning: boolean | undefined },
  buildId: string,
): { variable: string; message: string }[] {
  if (settings.versioning === undefined) {
    return [{ variable: 'WORKER_VERSIONING', message: 'required in production mode: on or off' }];
  }
  if (settings.versioning && buildId.endsWith('+nogit')) {
    return [
      {
        variable: 'WORKER_BUILD_ID',
        message:
          'required with WORKER_VERSIONING=on when the build id cannot name a commit (no .git, no dist/build-info.json from npm run build:bundle)',
      },
    ];
  }
  return [];
}
