import type { Logger } from '@newsflow/runtime';
import type { PollSchedule } from './poll-schedule.js';
import type { SourceRepository } from './source-repository.js';

/**
 * Gives every target of an active or failing source a poll schedule if it has none (Redis was flushed, or a
 * process died between saving a target and scheduling it). Upserts are idempotent per target id, so replicas
 * starting together still leave one scheduler per target. Returns how many were restored.
 */
export async function reconcileSchedules(
  repo: SourceRepository,
  schedule: PollSchedule,
  log: Logger,
  now = Date.now(),
): Promise<number> {
  let restored = 0;
  for await (const source of repo.listPolled()) {
    for (const [targetId, target] of Object.entries(source.targets ?? {})) {
      if (await schedule.has(targetId)) continue;
      const dueInMs = target.nextPollAt ? Math.max(0, new Date(target.nextPollAt).getTime() - now) : 0;
      await schedule.schedule({ sourceId: source._id, targetId }, dueInMs, target.intervalMs ?? dueInMs);
      restored++;
    }
  }
  if (restored > 0) log.warn({ restored }, 'poll schedules restored');
  return restored;
}
