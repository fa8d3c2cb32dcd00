import { Type, type Static } from 'typebox';
import { IsoDateTime } from './common.js';

const Latitude = Type.Number({ minimum: -90, maximum: 90 });
const Longitude = Type.Number({ minimum: -180, maximum: 180 });

/** The most vertices a polygon may have: enough for a shopping centre's outline, cheap to test a point against. */
export const GEOFENCE_MAX_VERTICES = 500;
/** The largest circle, in kilometres: a geofence is a place (a store, a city), not a country. */
export const GEOFENCE_MAX_RADIUS_KM = 1000;

export const geofenceShapeKinds = ['circle', 'polygon'] as const;
export type GeofenceShapeKind = (typeof geofenceShapeKinds)[number];

export const GeofenceCircleSchema = Type.Object(
  {
    kind: Type.Literal('circle'),
    latitude: Latitude,
    longitude: Longitude,
    radiusKm: Type.Number({
      exclusiveMinimum: 0,
      maximum: GEOFENCE_MAX_RADIUS_KM,
      description: 'Radius in kilometres (great-circle distance from the centre)',
    }),
  },
  { additionalProperties: false, description: 'Everything within a distance of a point' },
);

export const GeofencePolygonSchema = Type.Object(
  {
    kind: Type.Literal('polygon'),
    vertices: Type.Array(
      Type.Tuple([Latitude, Longitude], {
        description: '[latitude, longitude] (note the order: GeoJSON puts longitude first)',
      }),
      {
        minItems: 3,
        maxItems: GEOFENCE_MAX_VERTICES,
        description:
          'The outline in drawing order; the last vertex is joined to the first (repeating the first at the end is allowed). Edges must not cross.',
      },
    ),
  },
  { additionalProperties: false, description: 'The area inside an outline' },
);

export type GeofenceShapeInput = Static<typeof GeofenceCircleSchema> | Static<typeof GeofencePolygonSchema>;

/**
 * A circle or a polygon, told apart by `kind`. Written as `if kind is … then …` rather than `anyOf`: a validator
 * checks an `anyOf` against every branch and reports them all (a polygon with two vertices would also be told that it
 * lacks a latitude and a radius), while this reports only the problems of the branch that `kind` names.
 */
export const GeofenceShapeSchema = Type.Unsafe<GeofenceShapeInput>({
  type: 'object',
  required: ['kind'],
  properties: { kind: Type.Enum(geofenceShapeKinds) },
  // Each `if` also asks for an object with a kind, so that a string is told once that it must be an object.
  allOf: [
    {
      if: { type: 'object', required: ['kind'], properties: { kind: { const: 'circle' } } },
      then: GeofenceCircleSchema,
    },
    {
      if: { type: 'object', required: ['kind'], properties: { kind: { const: 'polygon' } } },
      then: GeofencePolygonSchema,
    },
  ],
  description:
    'A circle `{ kind: "circle", latitude, longitude, radiusKm }` or a polygon `{ kind: "polygon", vertices: [[latitude, longitude], …] }`',
});

export const GeofenceKeySchema = Type.String({
  pattern: '^[a-z0-9][a-z0-9_-]{0,63}$',
  description:
    'The name segment rules and the SDK use for the geofence, unique in the workspace: lower-case letters, digits, `_` and `-`, up to 64',
});

export const CreateGeofenceBodySchema = Type.Object(
  {
    key: GeofenceKeySchema,
    name: Type.String({ minLength: 1, maxLength: 100, description: 'What the dashboard shows' }),
    shape: GeofenceShapeSchema,
  },
  { additionalProperties: false },
);
export type CreateGeofenceBody = Static<typeof CreateGeofenceBodySchema>;

export const UpdateGeofenceBodySchema = Type.Partial(CreateGeofenceBodySchema, {
  additionalProperties: false,
});
export type UpdateGeofenceBody = Static<typeof UpdateGeofenceBodySchema>;

export const GeofenceSchema = Type.Object({
  id: Type.String(),
  key: Type.String(),
  name: Type.String(),
  shape: GeofenceShapeSchema,
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type GeofenceView = Static<typeof GeofenceSchema>;

export const GeofenceListSchema = Type.Object({
  items: Type.Array(GeofenceSchema, { description: 'Every geofence of the workspace, by key' }),
});
export type GeofenceListView = Static<typeof GeofenceListSchema>;

export const GeofenceIdParamsSchema = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });
