/**
 * The running activity's logger (activity `log`: the Runtime's JSON logger with the activity's attributes and
 * chargeId); a silent one outside an activity (scripts, unit tests calling activity functions directly).
 */
import { Context } from '@temporalio/activity';
import type { Logger } from '@temporalio/common';

const silent: Logger = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };

export function activityLog(): Logger {
  try {
    return Context.current().log;
  } catch {
    return silent;
  }
}
