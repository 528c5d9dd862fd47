/** Heartbeats from inside an activity; a no-op when the code runs outside one (scripts, unit tests). */
import { Context } from '@temporalio/activity';

export function heartbeat(details?: unknown): void {
  try {
    Context.current().heartbeat(details);
  } catch {
    // outside an activity
  }
}
