/**
 * The labels of every `ixopay_*` worker metric, in the SDK core's own style (snake_case: `namespace`,
 * `task_queue`, `workflow_type`, `activity_type`), so one PromQL selector filters both kinds alike.
 */
import type { MetricTags } from '@temporalio/common';

interface WorkflowLike {
  readonly namespace: string;
  readonly taskQueue: string;
  readonly workflowType: string;
}

interface ActivityLike {
  readonly namespace: string;
  readonly taskQueue: string;
  readonly activityType: string;
  readonly workflowType?: string | undefined;
}

export function workflowMetricTags(info: WorkflowLike): MetricTags {
  return { namespace: info.namespace, task_queue: info.taskQueue, workflow_type: info.workflowType };
}

export function activityMetricTags(info: ActivityLike): MetricTags {
  return {
    namespace: info.namespace,
    task_queue: info.taskQueue,
    activity_type: info.activityType,
    ...(info.workflowType ? { workflow_type: info.workflowType } : {}),
  };
}
