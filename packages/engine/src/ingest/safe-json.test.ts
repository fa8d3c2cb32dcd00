import { describe, expect, it } from 'vitest';
import { findJsonProblems } from './safe-json.js';

const limits = { maxDepth: 5 };

describe('findJsonProblems', () => {
  it('accepts ordinary JSON', () => {
    expect(findJsonProblems(JSON.parse('{"a":[1,"x",{"b":null}],"c":9007199254740991,"d":1.5e-300,"e":-2.5}'), limits)).toEqual([]);
  });

  it('finds __proto__ and constructor.prototype keys with their paths', () => {
    const v = JSON.parse('{"properties":{"__proto__":{"admin":true},"x":{"constructor":{"prototype":{}}},"constructor":"ok"}}');
    expect(findJsonProblems(v, limits)).toEqual([
      { code: 'ERR_INGEST_FORBIDDEN_KEY', path: '/properties/__proto__', message: expect.any(String) },
      { code: 'ERR_INGEST_FORBIDDEN_KEY', path: '/properties/x/constructor', message: expect.any(String) },
    ]);
  });

  it('finds NUL characters and lone surrogates in values and keys', () => {
    const v = JSON.parse('{"a":"x\\u0000y","b":["ok","\\ud800"],"k\\udc00":1,"fine":"\\ud83d\\ude00"}');
    expect(findJsonProblems(v, limits).map((p) => [p.code, p.path])).toEqual([
      ['ERR_INGEST_INVALID_STRING', '/a'],
      ['ERR_INGEST_INVALID_STRING', '/b/1'],
      ['ERR_INGEST_INVALID_STRING', '/k\udc00'],
    ]);
  });

  it('finds integers that JSON numbers cannot hold exactly', () => {
    const v = JSON.parse('{"order_id":12345678901234567890,"n":-9007199254740993}');
    expect(findJsonProblems(v, limits).map((p) => [p.code, p.path])).toEqual([
      ['ERR_INGEST_UNSAFE_INTEGER', '/order_id'],
      ['ERR_INGEST_UNSAFE_INTEGER', '/n'],
    ]);
  });

  it('stops at the depth limit without walking further', () => {
    const deep = JSON.parse('['.repeat(100_000) + ']'.repeat(100_000));
    const problems = findJsonProblems(deep, limits);
    expect(problems).toEqual([{ code: 'ERR_INGEST_TOO_DEEP', path: '/0/0/0/0/0', message: expect.any(String) }]);
  });

  it('escapes keys in paths as JSON Pointer does', () => {
    expect(findJsonProblems({ 'a/b': { '~c': 'x\u0000' } }, limits)[0]?.path).toBe('/a~1b/~0c');
  });
});
