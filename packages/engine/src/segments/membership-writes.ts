import type { Executor, Repositories } from '@rapport/storage';
import type { MembershipDiff } from './membership-diff.js';

/** Writes a membership diff: members out, members in, the changes (history and signals), and the segments' sizes. */
export async function writeMembershipDiff(db: Executor, repos: Repositories, workspaceId: string, diff: MembershipDiff): Promise<void> {
  const removed = new Map<string, string[]>();
  for (const r of diff.remove) removed.set(r.segmentId, [...(removed.get(r.segmentId) ?? []), r.profileId]);
  for (const [segmentId, ids] of removed) await repos.segments.removeMembers(db, workspaceId, segmentId, ids);
  await repos.segments.addMembers(db, diff.add);
  await repos.segments.addChanges(db, diff.changes);
  await repos.segments.adjustSizes(db, workspaceId, diff.sizeDelta);
}
