/**
 * Temporal Cloud Actions counted from workflow histories: the billable unit of Temporal Cloud.
 *
 * Rule (https://docs.temporal.io/cloud/actions, "Temporal Cloud Actions", read 2026-11 via
 * temporalio/documentation docs/evaluate/temporal-cloud/actions.mdx):
 * - Workflow started: client start, continue-as-new, child start (each run's WorkflowExecutionStarted).
 *   A de-duplicated start (same workflow id) is no Action and leaves no history.
 * - Start Child Workflow: the parent recording the intent is one Action, the child's execution another (its
 *   WorkflowExecutionStarted, counted in the child's history).
 * - Timer started: every TimerStarted, including the implicit timers of `condition(fn, timeout)`.
 * - Search Attribute upsert requested: each UpsertWorkflowSearchAttributes command is one Action however many
 *   attributes it sets; attributes given at start are free; an upsert of only TemporalChangeVersion is free.
 * - Signal sent: one per signal, from a client or a workflow; counted here where it lands
 *   (WorkflowExecutionSignaled), so a child's report to its parent counts once, in the parent's history.
 * - Update received: one per accepted update (rejected updates count too but leave no history).
 * - Activity started or retried: one per attempt (ActivityTaskStarted carries the attempt number).
 * - Local Activity: all local activity markers of one workflow task count as ONE Action (Cloud counts the
 *   RecordMarker commands of a workflow task once); markers are grouped by the task that recorded them.
 * - Workflow Execution Options updated: one each.
 * Not in histories, so not counted here: queries, activity heartbeats, rejected updates, schedules, export.
 */
import proto from '@temporalio/proto';

type HistoryEvent = proto.temporal.api.history.v1.IHistoryEvent;
const T = proto.temporal.api.enums.v1.EventType;

/** The marker the SDK core records for each local activity result. */
export const LOCAL_ACTIVITY_MARKER = 'core_local_activity';

export interface ActionCount {
  readonly actions: number;
  readonly events: number;
  /** Actions per kind, for the report. */
  readonly byKind: Readonly<Record<string, number>>;
}

export function countActions(events: readonly HistoryEvent[]): ActionCount {
  const byKind: Record<string, number> = {};
  const add = (kind: string, n = 1): void => {
    byKind[kind] = (byKind[kind] ?? 0) + n;
  };
  const markerTasks = new Set<string>();
  for (const e of events) {
    switch (e.eventType) {
      case T.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED:
        add('workflowStarted');
        break;
      case T.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED:
        add('childWorkflowStart');
        break;
      case T.EVENT_TYPE_TIMER_STARTED:
        add('timer');
        break;
      case T.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES: {
        const fields = Object.keys(
          e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields ?? {},
        );
        if (fields.some((f) => f !== 'TemporalChangeVersion')) add('searchAttributeUpsert');
        break;
      }
      case T.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED:
        add('signal');
        break;
      case T.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED:
        add('update');
        break;
      case T.EVENT_TYPE_ACTIVITY_TASK_STARTED:
        add('activityAttempt', Math.max(1, e.activityTaskStartedEventAttributes?.attempt ?? 1));
        break;
      case T.EVENT_TYPE_MARKER_RECORDED: {
        const a = e.markerRecordedEventAttributes;
        if (a?.markerName !== LOCAL_ACTIVITY_MARKER) break;
        const task = String(a.workflowTaskCompletedEventId ?? e.eventId ?? '');
        if (!markerTasks.has(task)) {
          markerTasks.add(task);
          add('localActivityTask');
        }
        break;
      }
      case T.EVENT_TYPE_WORKFLOW_EXECUTION_OPTIONS_UPDATED:
        add('optionsUpdated');
        break;
      default:
        break;
    }
  }
  const actions = Object.values(byKind).reduce((a, b) => a + b, 0);
  return { actions, events: events.length, byKind };
}

/** Sums counts (several runs of one workflow, or a charge and its share of a parent). */
export function sumCounts(counts: readonly ActionCount[]): ActionCount {
  const byKind: Record<string, number> = {};
  for (const c of counts) for (const [k, v] of Object.entries(c.byKind)) byKind[k] = (byKind[k] ?? 0) + v;
  return {
    actions: counts.reduce((a, c) => a + c.actions, 0),
    events: counts.reduce((a, c) => a + c.events, 0),
    byKind,
  };
}
