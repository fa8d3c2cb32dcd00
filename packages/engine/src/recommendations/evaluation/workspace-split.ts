import type { Database, Repositories } from '@rapport/storage';
import type { WorkspaceService } from '../../workspaces/index.js';
import { readWorkspaceInteractions } from '../training/workspace-interactions.js';
import { timeSplit, type TimeSplit } from './time-split.js';

/** A workspace's orders as train and test, and whose orders were used. */
export interface WorkspaceSplit extends TimeSplit {
  readonly orders: number;
  /** People with at least one interaction (an order with products). */
  readonly people: number;
  /** People with orders but no consent to personalization: none of their orders was read. */
  readonly peopleLeftOut: number;
}

/**
 * The workspace's own orders split in time (the last `testDays` days as test): the interactions models are trained on
 * (identified people who consent to personalization, one row per order and product), so that an offline evaluation
 * measures what the shop would serve.
 */
export async function splitWorkspaceOrders(o: {
  database: Database;
  repos: Repositories;
  workspaces: WorkspaceService;
  workspaceId: string;
  testDays: number;
  /** Called after each page read, with the orders used so far. */
  onPage?: (orders: number) => void;
}): Promise<WorkspaceSplit> {
  const { purposes } = (await o.workspaces.get(o.workspaceId)).settings;
  const read = await readWorkspaceInteractions({ database: o.database, repos: o.repos, workspaceId: o.workspaceId, purposes, ...(o.onPage === undefined ? {} : { onPage: o.onPage }) });
  return { ...timeSplit(read.rows, o.testDays), orders: read.orders, people: new Set(read.rows.map((r) => r.userId)).size, peopleLeftOut: read.peopleLeftOut };
}
