import { describe, expect, it } from 'vitest';
import { TEMPLATE_LIMITS, TemplateEngine } from './template-engine.js';

const engine = new TemplateEngine();
async function render(source: string, scope: object = {}): Promise<string> {
  const parsed = engine.parse(source);
  if (!parsed.ok) return `PARSE: ${parsed.problem.message}`;
  const r = await engine.render(parsed.template, scope);
  return r.ok ? r.text : `RENDER: ${r.problem.message}`;
}

describe('content templates (Liquid, sandboxed)', () => {
  it('renders the scope, with filters and promises resolved', async () => {
    expect(await render('Hi {{ profile.firstName | default: "there" }}!', { profile: { firstName: 'Ada' } })).toBe('Hi Ada!');
    expect(await render('Hi {{ profile.firstName | default: "there" }}!', { profile: {} })).toBe('Hi there!');
    expect(await render('{% for p in items %}{{ p.name | upcase }},{% endfor %}', { items: Promise.resolve([{ name: 'tea' }, { name: 'mug' }]) })).toBe('TEA,MUG,');
  });

  it('refuses includes and unknown filters when the template is parsed', async () => {
    expect(await render('{% include "secrets" %}')).toMatch(/^PARSE: \{% include %\} is not available/);
    expect(await render('{% render "/etc/passwd" %}')).toMatch(/^PARSE: \{% render %\} is not available/);
    expect(await render('{% layout "base" %}x')).toMatch(/^PARSE: \{% layout %\} is not available/);
    expect(await render('{{ name | shout }}')).toMatch(/^PARSE: undefined filter: shout/);
    expect(await render('{% if open %}')).toMatch(/^PARSE: tag \{% if open %\} not closed/);
  });

  it('sees only own properties: no prototype, no constructor', async () => {
    expect(await render('[{{ p.constructor }}][{{ p.__proto__ }}][{{ p.toString }}]', { p: { a: 1 } })).toBe('[][][]');
  });

  it('stops loops and allocations that run away, and long output', async () => {
    const started = Date.now();
    expect(await render('{% for i in (1..100000) %}{% for j in (1..100000) %}x{% endfor %}{% endfor %}')).toMatch(/^RENDER: /);
    expect(await render('{% assign s = "xxxxxxxxxx" %}{% for i in (1..30) %}{% assign s = s | append: s %}{% endfor %}{{ s | size }}')).toMatch(/^RENDER: /);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(await render(`{% for i in (1..${TEMPLATE_LIMITS.outputChars + 1}) %}x{% endfor %}`)).toMatch(/^RENDER: (the output is longer|.*limit)/);
  });
});
