import { describe, expect, it } from 'vitest';
import { polygonProblems } from './polygon-check.js';

type V = [number, number];
const paths = (vertices: V[]) => polygonProblems(vertices, '/v').map((p) => p.path);

// A shop's block in Paris, drawn clockwise: [latitude, longitude].
const square: V[] = [
  [48.86, 2.33],
  [48.86, 2.34],
  [48.85, 2.34],
  [48.85, 2.33],
];

describe('polygon outlines', () => {
  it('accepts simple outlines, convex or not, in either direction', () => {
    expect(paths(square)).toEqual([]);
    expect(paths([...square].reverse())).toEqual([]);
    expect(
      paths([
        [0, 0],
        [0, 1],
        [1, 0],
      ]),
    ).toEqual([]);
    // An L-shaped building: concave, edges meet only at their shared vertices.
    expect(
      paths([
        [0, 0],
        [0, 2],
        [1, 2],
        [1, 1],
        [2, 1],
        [2, 0],
      ]),
    ).toEqual([]);
    // A circle drawn with 500 vertices, the most allowed.
    const round: V[] = Array.from({ length: 500 }, (_, i) => [
      Math.sin((2 * Math.PI * i) / 500),
      Math.cos((2 * Math.PI * i) / 500),
    ]);
    expect(paths(round)).toEqual([]);
  });

  it('accepts a ring closed GeoJSON-style and repeated vertices in a row', () => {
    expect(paths([...square, square[0]!])).toEqual([]);
    expect(paths([square[0]!, square[1]!, square[1]!, square[2]!, square[3]!])).toEqual([]);
  });

  it('names the vertex whose edge crosses an earlier one', () => {
    // A square with its fifth vertex put below the first edge: the edge 3 → 4 crosses the edge 0 → 1.
    const misplaced: V[] = [
      [0, 0],
      [0, 4],
      [4, 4],
      [4, 0],
      [-2, 2],
    ];
    expect(polygonProblems(misplaced, '/shape/vertices')).toEqual([
      {
        path: '/shape/vertices/4',
        message: 'the edge from vertex 3 to vertex 4 crosses the edge from vertex 0 to vertex 1',
      },
    ]);
    // A bow tie: the two diagonals cross, the later one being the closing edge 3 → 0, which names its first vertex.
    const bowTie: V[] = [
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
    ];
    expect(polygonProblems(bowTie, '/v')).toEqual([
      {
        path: '/v/3',
        message: 'the closing edge from vertex 3 back to vertex 0 crosses the edge from vertex 1 to vertex 2',
      },
    ]);
  });

  it('finds every crossing of a star drawn in one stroke, but reports at most ten', () => {
    const star = (points: number): V[] =>
      Array.from({ length: points }, (_, i) => [
        Math.sin((4 * Math.PI * i) / points),
        Math.cos((4 * Math.PI * i) / points),
      ]);
    expect(paths(star(5)).length).toBeGreaterThan(0);
    expect(paths(star(51))).toHaveLength(10);
  });

  it('refuses outlines that touch themselves or fold back', () => {
    // A figure eight through one shared point (vertex 0 and 3 are the same place).
    expect(
      paths([
        [0, 0],
        [1, 1],
        [1, -1],
        [0, 0],
        [-1, -1],
        [-1, 1],
      ]),
    ).not.toEqual([]);
    // A vertex lying on a non-adjacent edge.
    expect(
      paths([
        [0, 0],
        [0, 2],
        [1, 1],
        [0, 1],
        [-1, 1],
      ]),
    ).not.toEqual([]);
    // A spike: the outline goes out to vertex 1 and comes back along the same line; its tip is named first.
    expect(
      paths([
        [0, 0],
        [0, 2],
        [0, 1],
        [1, 1],
      ])[0],
    ).toBe('/v/1');
    // Three distinct points on a line enclose nothing.
    expect(
      paths([
        [0, 0],
        [0, 1],
        [0, 2],
      ]),
    ).not.toEqual([]);
  });

  it('needs three distinct vertices, naming the first repeated one', () => {
    expect(
      polygonProblems(
        [
          [1, 1],
          [2, 2],
          [1, 1],
        ],
        '/v',
      ),
    ).toEqual([{ path: '/v/2', message: 'a polygon needs at least 3 distinct vertices; it has 2' }]);
    expect(
      paths([
        [1, 1],
        [1, 1],
        [1, 1],
        [2, 2],
      ]),
    ).toEqual(['/v/1']);
  });

  it('refuses a polygon wider than 180° of longitude, which is what one drawn across the ±180° meridian looks like', () => {
    // Around Fiji, across the meridian: read in the plane, it would cover the rest of the world instead.
    expect(
      paths([
        [-16, 179],
        [-16, -179],
        [-19, -179],
        [-19, 179],
      ]),
    ).toEqual(['/v']);
    expect(
      paths([
        [-16, 170],
        [-16, 179.5],
        [-19, 179.5],
        [-19, 170],
      ]),
    ).toEqual([]);
  });
});
