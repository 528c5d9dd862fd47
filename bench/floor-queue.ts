/** The floor workflows' task queue. */
export const FLOOR_TASK_QUEUE = 'bench-floor';
