import {
  CreateGeofenceBodySchema,
  GeofenceCircleSchema,
  GeofencePolygonSchema,
  UpdateGeofenceBodySchema,
  geofenceShapeKinds,
  type CreateGeofenceBody,
  type GeofenceShapeInput,
  type UpdateGeofenceBody,
} from '@rapport/contracts';
import { err, ok, type ProblemDetail, type Result } from '@rapport/core';
import { compileSchema, findJsonProblems } from '../ingest/index.js';
import { polygonProblems } from './polygon-check.js';

const createCheck = compileSchema(CreateGeofenceBodySchema);
const updateCheck = compileSchema(UpdateGeofenceBodySchema);
const circleCheck = compileSchema(GeofenceCircleSchema);
const polygonCheck = compileSchema(GeofencePolygonSchema);

/** Why a body was refused: its structure (`invalid_body`), or a polygon no point can be inside of (`invalid_shape`). */
export interface GeofenceInputProblem {
  readonly reason: 'invalid_body' | 'invalid_shape';
  readonly problems: readonly ProblemDetail[];
}

/**
 * Checks a body for creating (`create`) or changing (`update`) a geofence: its structure, then the polygon's outline.
 * The API has checked the structure already; it is checked again because the segment engine trusts stored shapes,
 * whoever stored them.
 */
export function checkGeofenceInput(
  value: unknown,
  mode: 'create',
): Result<CreateGeofenceBody, GeofenceInputProblem>;
export function checkGeofenceInput(
  value: unknown,
  mode: 'update',
): Result<UpdateGeofenceBody, GeofenceInputProblem>;
export function checkGeofenceInput(
  value: unknown,
  mode: 'create' | 'update',
): Result<CreateGeofenceBody | UpdateGeofenceBody, GeofenceInputProblem> {
  // NUL characters and lone surrogates pass the schema but not PostgreSQL (the API's body parser refuses them too).
  const unsafe = findJsonProblems(value, { maxDepth: 8 });
  if (unsafe.length > 0)
    return err({ reason: 'invalid_body', problems: unsafe.map(({ path, message }) => ({ path, message })) });
  const check = mode === 'create' ? createCheck : updateCheck;
  if (!check.check(value))
    return err({ reason: 'invalid_body', problems: structureProblems(value, check.problems(value)) });
  const body = value as UpdateGeofenceBody;
  if (body.shape?.kind === 'polygon') {
    const problems = polygonProblems(body.shape.vertices, '/shape/vertices');
    if (problems.length > 0) return err({ reason: 'invalid_shape', problems });
  }
  return ok(body);
}

/**
 * The body's problems, with the shape's taken from the branch its `kind` names: the body schema's own report would
 * hold the complaints of every branch.
 */
function structureProblems(value: unknown, bodyProblems: readonly ProblemDetail[]): ProblemDetail[] {
  const shape =
    value !== null && typeof value === 'object' && Object.hasOwn(value, 'shape')
      ? (value as { shape: unknown }).shape
      : undefined;
  if (shape === undefined) return [...bodyProblems];
  const outside = bodyProblems.filter((p) => p.path !== '/shape' && !p.path.startsWith('/shape/'));
  return [...outside, ...shapeProblems(shape).map((p) => ({ ...p, path: `/shape${p.path}` }))];
}

function shapeProblems(shape: unknown): ProblemDetail[] {
  if (shape === null || typeof shape !== 'object' || Array.isArray(shape))
    return [{ path: '', message: 'must be an object' }];
  const kind = (shape as { kind?: unknown }).kind;
  if (kind === 'circle') return circleCheck.problems(shape);
  if (kind === 'polygon') return polygonCheck.problems(shape);
  return [{ path: '/kind', message: `must be one of ${geofenceShapeKinds.join(', ')}` }];
}

/** The shape as stored: only the fields of its kind, in a fixed order. */
export function storedShape(shape: GeofenceShapeInput): GeofenceShapeInput {
  return shape.kind === 'circle'
    ? { kind: 'circle', latitude: shape.latitude, longitude: shape.longitude, radiusKm: shape.radiusKm }
    : { kind: 'polygon', vertices: shape.vertices.map(([lat, lon]) => [lat, lon]) };
}
