import type {
  CreateGeofenceBody,
  ErrorCode,
  GeofenceShapeInput,
  GeofenceView,
  UpdateGeofenceBody,
} from '@rapport/contracts';
import { distanceKm, err, insidePolygon, ok, uuidv7, type Clock, type ProblemDetail, type Result } from '@rapport/core';
import {
  parseJson,
  type Database,
  type Executor,
  type GeofenceRow,
  type Repositories,
} from '@rapport/storage';
import { checkGeofenceInput, storedShape } from './geofence-check.js';

/** A geofence as segment rules see it: a circle or a polygon (vertices as [latitude, longitude]). */
export type GeofenceShape =
  | {
      readonly kind: 'circle';
      readonly latitude: number;
      readonly longitude: number;
      readonly radiusKm: number;
    }
  | { readonly kind: 'polygon'; readonly vertices: readonly (readonly [number, number])[] };

/** Why a change to a geofence was refused. */
export type GeofenceFailure =
  | { readonly reason: 'not_found' }
  | { readonly reason: 'key_taken'; readonly key: string }
  | { readonly reason: 'invalid_body' | 'invalid_shape'; readonly problems: readonly ProblemDetail[] };

/** The error code the API answers each failure with. */
export const geofenceErrorCodes = {
  not_found: 'ERR_GEOFENCE_NOT_FOUND',
  key_taken: 'ERR_GEOFENCE_KEY_TAKEN',
  invalid_shape: 'ERR_GEOFENCE_INVALID_SHAPE',
  invalid_body: 'ERR_REQUEST_INVALID',
} as const satisfies Record<GeofenceFailure['reason'], ErrorCode>;

/** A change to what a geofence key means to segment rules. */
export interface GeofenceChange {
  readonly workspaceId: string;
  readonly kind: 'created' | 'updated' | 'deleted';
  /** The keys whose shape changed: the geofence's key, and its former key when it was renamed (rules naming that one now find nothing). */
  readonly keys: readonly string[];
}

export interface GeofenceServiceDependencies {
  readonly database: Database;
  readonly repos: Repositories;
  readonly clock: Clock;
}

export function geofenceView(row: GeofenceRow): GeofenceView {
  return {
    id: row.id,
    key: row.key,
    name: row.name,
    // Rebuilt in a fixed order: PostgreSQL's jsonb gives keys back in its own order.
    shape: storedShape(parseJson<GeofenceShapeInput>(row.shape)),
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

/**
 * Geofences: named places (a store, a shopping centre) that segment rules test the person's last known location
 * against, by key. Polygons are checked so that "inside" always means something: no crossing edges, no spikes.
 */
export class GeofenceService {
  readonly #database: Database;
  readonly #repos: Repositories;
  readonly #clock: Clock;
  readonly #listeners: ((change: GeofenceChange) => void | Promise<void>)[] = [];

  constructor(deps: GeofenceServiceDependencies) {
    this.#database = deps.database;
    this.#repos = deps.repos;
    this.#clock = deps.clock;
  }

  async create(
    workspaceId: string,
    body: CreateGeofenceBody,
  ): Promise<Result<GeofenceView, GeofenceFailure>> {
    const checked = checkGeofenceInput(body, 'create');
    if (!checked.ok) return checked;
    const input = checked.value;
    const now = this.#clock.now();
    const row: GeofenceRow = {
      workspace_id: workspaceId,
      id: uuidv7(now),
      key: input.key,
      name: input.name,
      shape: JSON.stringify(storedShape(input.shape)),
      created_at: now,
      updated_at: now,
    };
    const saved = await this.#keyGuarded(workspaceId, { key: input.key, id: row.id }, async (trx) => {
      if ((await this.#repos.geofences.findByKey(trx, workspaceId, input.key)) !== undefined)
        return err({ reason: 'key_taken' as const, key: input.key });
      await this.#repos.geofences.insert(trx, row);
      return ok(geofenceView(row));
    });
    if (saved.ok) await this.#emit({ workspaceId, kind: 'created', keys: [input.key] });
    return saved;
  }

  /** Changes the fields given; a new key must be free, a new shape sound. */
  async update(
    workspaceId: string,
    id: string,
    body: UpdateGeofenceBody,
  ): Promise<Result<GeofenceView, GeofenceFailure>> {
    const checked = checkGeofenceInput(body, 'update');
    if (!checked.ok) return checked;
    const input = checked.value;
    let keys: string[] = [];
    const saved = await this.#keyGuarded(workspaceId, { key: input.key, id }, async (trx) => {
      const current = await this.#repos.geofences.find(trx, workspaceId, id);
      if (current === undefined) return err({ reason: 'not_found' as const });
      if (input.key !== undefined && input.key !== current.key) {
        if ((await this.#repos.geofences.findByKey(trx, workspaceId, input.key)) !== undefined)
          return err({ reason: 'key_taken' as const, key: input.key });
      }
      const next: GeofenceRow = {
        ...current,
        key: input.key ?? current.key,
        name: input.name ?? current.name,
        shape: input.shape === undefined ? current.shape : JSON.stringify(storedShape(input.shape)),
        updated_at: this.#clock.now(),
      };
      await this.#repos.geofences.update(trx, workspaceId, id, {
        key: next.key,
        name: next.name,
        shape: next.shape,
        updated_at: next.updated_at,
      });
      // Compared as rebuilt JSON: PostgreSQL's jsonb gives the stored text back in its own spacing and key order.
      const shapeChanged =
        input.shape !== undefined &&
        JSON.stringify(storedShape(input.shape)) !== JSON.stringify(storedShape(parseJson(current.shape)));
      keys = [...new Set(next.key !== current.key || shapeChanged ? [current.key, next.key] : [])];
      return ok(geofenceView(next));
    });
    // A new name alone changes nothing for rules.
    if (saved.ok && keys.length > 0) await this.#emit({ workspaceId, kind: 'updated', keys });
    return saved;
  }

  async delete(workspaceId: string, id: string): Promise<Result<GeofenceView, GeofenceFailure>> {
    const removed = await this.#database.writeTransaction(async (trx) => {
      const current = await this.#repos.geofences.find(trx, workspaceId, id);
      if (current === undefined || !(await this.#repos.geofences.remove(trx, workspaceId, id)))
        return err({ reason: 'not_found' as const });
      return ok(geofenceView(current));
    });
    if (removed.ok) await this.#emit({ workspaceId, kind: 'deleted', keys: [removed.value.key] });
    return removed;
  }

  async get(workspaceId: string, id: string): Promise<GeofenceView | undefined> {
    const row = await this.#repos.geofences.find(this.#database.kysely, workspaceId, id);
    return row === undefined ? undefined : geofenceView(row);
  }

  /** Every geofence of the workspace, by key. */
  async list(workspaceId: string): Promise<GeofenceView[]> {
    return (await this.#repos.geofences.list(this.#database.kysely, workspaceId)).map(geofenceView);
  }

  /** The shapes of the workspace by key, for the segment engine (read at each call: see `onChange` to cache them). */
  async shapes(workspaceId: string): Promise<Map<string, GeofenceShape>> {
    const rows = await this.#repos.geofences.list(this.#database.kysely, workspaceId);
    return new Map(rows.map((r) => [r.key, storedShape(parseJson<GeofenceShapeInput>(r.shape))]));
  }

  /**
   * Calls `listener` after each committed change, in this process, to what a key means to rules (a name alone is not
   * one), so that segments using the geofence can be rebuilt. Listeners run in the request, which waits for them.
   */
  onChange(listener: (change: GeofenceChange) => void | Promise<void>): void {
    this.#listeners.push(listener);
  }

  /** Tells the listeners, and waits for them: a change is answered once what depends on it knows. */
  async #emit(change: GeofenceChange): Promise<void> {
    for (const listener of this.#listeners) await listener(change);
  }

  /**
   * Runs a write of geofence `claim.id` that checks first that `claim.key` is free. Two such writes at once on
   * PostgreSQL both find it free and the unique index refuses the second: that is reported as the key being taken,
   * as it is when they come one after the other.
   */
  async #keyGuarded<T>(
    workspaceId: string,
    claim: { key: string | undefined; id: string },
    fn: (trx: Executor) => Promise<Result<T, GeofenceFailure>>,
  ): Promise<Result<T, GeofenceFailure>> {
    try {
      return await this.#database.writeTransaction(fn);
    } catch (error) {
      const key = claim.key;
      const holder =
        key === undefined
          ? undefined
          : await this.#repos.geofences.findByKey(this.#database.kysely, workspaceId, key);
      if (key !== undefined && holder !== undefined && holder.id !== claim.id)
        return err({ reason: 'key_taken', key });
      throw error;
    }
  }
}

/** Whether a point is inside a geofence: within the circle's radius (great-circle distance), or inside the polygon. */
export function insideShape(shape: GeofenceShape, latitude: number, longitude: number): boolean {
  return shape.kind === 'circle' ? distanceKm(shape.latitude, shape.longitude, latitude, longitude) <= shape.radiusKm : insidePolygon(latitude, longitude, shape.vertices);
}
