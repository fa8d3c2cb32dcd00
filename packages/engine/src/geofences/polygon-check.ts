import type { ProblemDetail } from '@rapport/core';

/** [latitude, longitude]. */
type Vertex = readonly [number, number];

/** A vertex of the outline as checked, with its position in what the caller sent (for the problem's path). */
interface RingVertex {
  readonly at: Vertex;
  readonly index: number;
}

/** Past this many problems a polygon is better redrawn than read about. */
const MAX_PROBLEMS = 10;

/**
 * Whether a polygon's outline is one a point can be inside of: at least 3 distinct vertices, no edge crossing or
 * touching another, no edge turning back over the one before it, and at most 180° of longitude wide. Points are tested
 * against polygons in the plane of latitude and longitude (insidePolygon in @rapport/core), so the checks work in that
 * plane too. Problems point at the vertex to move, as `${basePath}/<index>`.
 */
export function polygonProblems(vertices: readonly Vertex[], basePath: string): ProblemDetail[] {
  const ring = ringOf(vertices);
  const distinct = new Set(ring.map((v) => `${v.at[0]},${v.at[1]}`));
  if (distinct.size < 3) {
    const repeated = firstRepeated(vertices);
    return [
      {
        path: repeated === undefined ? basePath : `${basePath}/${repeated}`,
        message: `a polygon needs at least 3 distinct vertices; it has ${distinct.size}`,
      },
    ];
  }
  const longitudes = ring.map((v) => v.at[1]);
  if (Math.max(...longitudes) - Math.min(...longitudes) > 180) {
    return [
      {
        path: basePath,
        message:
          'a polygon may span at most 180° of longitude (polygons across the ±180° meridian are not supported)',
      },
    ];
  }
  const problems = new Map<string, ProblemDetail>();
  const add = (index: number, message: string) => {
    const path = `${basePath}/${index}`;
    if (!problems.has(path) && problems.size < MAX_PROBLEMS) problems.set(path, { path, message });
  };
  const n = ring.length;
  const edge = (i: number): [RingVertex, RingVertex] => [ring[i]!, ring[(i + 1) % n]!];
  // Edges in drawing order: the first edge that meets an earlier one names the vertex that was put in the wrong place.
  for (let j = 0; j < n; j++) {
    const [c, d] = edge(j);
    const [prev] = edge((j + n - 1) % n);
    if (foldsBack(prev.at, c.at, d.at))
      add(c.index, `the outline turns back over itself at vertex ${c.index}`);
    for (let i = 0; i < j - 1; i++) {
      if (i === 0 && j === n - 1) continue; // the closing edge and the first one share vertex 0
      const [a, b] = edge(i);
      if (!segmentsMeet(a.at, b.at, c.at, d.at)) continue;
      // The closing edge ends at vertex 0, which is not the one to move: name the last vertex instead.
      const bad = j === n - 1 ? c.index : d.index;
      const what =
        j === n - 1
          ? `the closing edge from vertex ${c.index} back to vertex ${d.index}`
          : `the edge from vertex ${c.index} to vertex ${d.index}`;
      add(bad, `${what} crosses the edge from vertex ${a.index} to vertex ${b.index}`);
    }
  }
  return [...problems.values()];
}

/**
 * The outline without zero-length edges: a vertex equal to the one before it is skipped, and so is a last vertex equal
 * to the first (GeoJSON closes its rings that way).
 */
function ringOf(vertices: readonly Vertex[]): RingVertex[] {
  const ring: RingVertex[] = [];
  vertices.forEach((at, index) => {
    const last = ring[ring.length - 1];
    if (last === undefined || !same(last.at, at)) ring.push({ at, index });
  });
  const first = ring[0];
  const last = ring[ring.length - 1];
  if (ring.length > 1 && first !== undefined && last !== undefined && same(first.at, last.at)) ring.pop();
  return ring;
}

function firstRepeated(vertices: readonly Vertex[]): number | undefined {
  const seen = new Set<string>();
  for (const [index, v] of vertices.entries()) {
    const k = `${v[0]},${v[1]}`;
    if (seen.has(k)) return index;
    seen.add(k);
  }
  return undefined;
}

function same(a: Vertex, b: Vertex): boolean {
  return a[0] === b[0] && a[1] === b[1];
}

/** The turn a → b → c, with longitude as x and latitude as y: 1 left, -1 right, 0 straight on (collinear). */
function orientation(a: Vertex, b: Vertex, c: Vertex): number {
  return Math.sign((b[1] - a[1]) * (c[0] - a[0]) - (b[0] - a[0]) * (c[1] - a[1]));
}

/** Whether p, known to be collinear with a and b, lies between them. */
function within(a: Vertex, b: Vertex, p: Vertex): boolean {
  return (
    Math.min(a[0], b[0]) <= p[0] &&
    p[0] <= Math.max(a[0], b[0]) &&
    Math.min(a[1], b[1]) <= p[1] &&
    p[1] <= Math.max(a[1], b[1])
  );
}

/** Whether segments ab and cd cross or touch (an end on the other segment, or overlapping when collinear). */
function segmentsMeet(a: Vertex, b: Vertex, c: Vertex, d: Vertex): boolean {
  const o1 = orientation(a, b, c);
  const o2 = orientation(a, b, d);
  const o3 = orientation(c, d, a);
  const o4 = orientation(c, d, b);
  if (o1 * o2 < 0 && o3 * o4 < 0) return true;
  return (
    (o1 === 0 && within(a, b, c)) ||
    (o2 === 0 && within(a, b, d)) ||
    (o3 === 0 && within(c, d, a)) ||
    (o4 === 0 && within(c, d, b))
  );
}

/** Whether the edge b → c goes back along a → b (a spike of no width): collinear, and both leave b the same way. */
function foldsBack(a: Vertex, b: Vertex, c: Vertex): boolean {
  if (orientation(a, b, c) !== 0) return false;
  return (a[0] - b[0]) * (c[0] - b[0]) + (a[1] - b[1]) * (c[1] - b[1]) > 0;
}
