import { strict as assert } from 'node:assert';
import Long from 'long';
import { temporal } from '@temporalio/proto';
import { LOCAL_ACTIVITY_MARKER, countActions, sumCounts } from '../../bench/actions.js';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
const T = temporal.api.enums.v1.EventType;

let id = 0;
const ev = (eventType: temporal.api.enums.v1.EventType, extra: Partial<HistoryEvent> = {}): HistoryEvent => ({
  eventId: Long.fromNumber(++id),
  eventType,
  ...extra,
});
const task = (): HistoryEvent[] => [
  ev(T.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED),
  ev(T.EVENT_TYPE_WORKFLOW_TASK_STARTED),
  ev(T.EVENT_TYPE_WORKFLOW_TASK_COMPLETED),
];
const marker = (taskCompletedId: Long, name = LOCAL_ACTIVITY_MARKER): HistoryEvent =>
  ev(T.EVENT_TYPE_MARKER_RECORDED, {
    markerRecordedEventAttributes: { markerName: name, workflowTaskCompletedEventId: taskCompletedId },
  });
const upsert = (...fields: string[]): HistoryEvent =>
  ev(T.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES, {
    upsertWorkflowSearchAttributesEventAttributes: {
      searchAttributes: { indexedFields: Object.fromEntries(fields.map((f) => [f, {}])) },
    },
  });

describe('Temporal Cloud actions counted from a history', () => {
  it('counts a charge with two activities: start, one per activity attempt, the final upsert', () => {
    const events = [
      ev(T.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED),
      ...task(),
      ev(T.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED),
      ev(T.EVENT_TYPE_ACTIVITY_TASK_STARTED, { activityTaskStartedEventAttributes: { attempt: 1 } }),
      ev(T.EVENT_TYPE_ACTIVITY_TASK_COMPLETED),
      ...task(),
      ev(T.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED),
      // retried twice before it succeeded: three attempts, three actions
      ev(T.EVENT_TYPE_ACTIVITY_TASK_STARTED, { activityTaskStartedEventAttributes: { attempt: 3 } }),
      ev(T.EVENT_TYPE_ACTIVITY_TASK_COMPLETED),
      ...task(),
      upsert('ChargeStatus'),
      ev(T.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED),
    ];
    const count = countActions(events);
    assert.equal(count.events, events.length);
    assert.deepEqual(count.byKind, { workflowStarted: 1, activityAttempt: 4, searchAttributeUpsert: 1 });
    assert.equal(count.actions, 6);
  });

  it('counts all local activity markers of one workflow task as one action', () => {
    const first = task();
    const second = task();
    const events = [
      ev(T.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED),
      ...first,
      marker(first[2]!.eventId as Long),
      marker(first[2]!.eventId as Long),
      marker(first[2]!.eventId as Long),
      ...second,
      marker(second[2]!.eventId as Long),
      marker(second[2]!.eventId as Long, 'core_patch'), // a patch marker is not an action
    ];
    assert.deepEqual(countActions(events).byKind, { workflowStarted: 1, localActivityTask: 2 });
  });

  it('counts timers, signals, accepted updates and child starts; not TemporalChangeVersion upserts', () => {
    const events = [
      ev(T.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED),
      ev(T.EVENT_TYPE_TIMER_STARTED),
      ev(T.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED),
      ev(T.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED),
      ev(T.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED),
      ev(T.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED),
      ev(T.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED), // the child's own start counts in its history
      upsert('TemporalChangeVersion'),
      upsert('ChargeStatus', 'ChargeFlags'), // one command, one action
      ev(T.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED), // counted where it lands
    ];
    assert.deepEqual(countActions(events).byKind, {
      workflowStarted: 1,
      timer: 1,
      signal: 2,
      update: 1,
      childWorkflowStart: 1,
      searchAttributeUpsert: 1,
    });
  });

  it('sums several runs', () => {
    const a = countActions([ev(T.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED), ev(T.EVENT_TYPE_TIMER_STARTED)]);
    const b = countActions([ev(T.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED)]);
    assert.deepEqual(sumCounts([a, b]), { actions: 3, events: 3, byKind: { workflowStarted: 2, timer: 1 } });
  });
});
