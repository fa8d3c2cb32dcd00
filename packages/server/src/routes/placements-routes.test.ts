import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { variantAt } from '@rapport/contracts';
import { bucketOf, ManualClock } from '@rapport/core';
import { userTokenOf } from '@rapport/engine';
import { testDialects } from '@rapport/storage/testing';
import { appFixture, type AppFixture } from '../testing/index.js';

// A Saturday, 12:00 UTC (13:00 in London, 21:00 in Tokyo).
const NOW = Date.UTC(2026, 6, 11, 12);
const ago = (ms: number) => new Date(NOW - ms).toISOString();

const products = [
  { id: 'earl-grey', name: 'Earl Grey Tea', category: 'Tea', price: 6 },
  { id: 'sencha', name: 'Sencha', category: 'Tea', price: 9 },
  { id: 'mug', name: 'Stoneware Mug', category: 'Cups', price: 12 },
  { id: 'teapot', name: 'Cast Iron Teapot', category: 'Cups', price: 40 },
  { id: 'trowel', name: 'Garden Trowel', category: 'Garden', price: 8 },
  { id: 'gloves', name: 'Garden Gloves', category: 'Garden', price: 7 },
];

/** The home hero: members of "Gold members" first, then a split for everyone on a phone's home page, then a default. */
const hero = {
  key: 'home_hero',
  name: 'Home hero',
  experiences: [
    {
      key: 'gold_welcome',
      name: 'Gold welcome',
      audience: { segment: 'Gold members' },
      content: { title: 'Welcome back, {{ profile.firstName | default: "friend" }}', ctaUrl: '/gold?from={{ placement.key }}' },
    },
    {
      key: 'spring_test',
      name: 'Spring test',
      audience: { context: { pages: ['home', '/landing/*'], devices: ['mobile'] } },
      variants: [
        { key: 'a', weight: 50, content: { title: 'Spring is here' } },
        { key: 'b', weight: 50, content: { title: 'New in: spring' } },
      ],
    },
  ],
  default: { title: 'Our shop' },
};

describe.each(testDialects())('placements and POST /v1/decide on %s', (dialect) => {
  let f: AppFixture;
  const decide = async (body: object) => {
    const res = await f.post('decide', body);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as {
      personalized: boolean;
      decisions: {
        placement: string;
        decisionId: string;
        experience: { key: string } | null;
        variant: string | null;
        content: Record<string, string> | null;
        items?: { productId: string; moved: number; reason: string | null }[];
        reason: { kind: string; sentence: string; segment?: { name: string }; conditions: string[]; skipped: { experience: string; why: string }[]; variant?: { bucket: number } };
      }[];
    };
  };

  /** The events of the person with this id (any kind), newest first; undefined when there is no such person. */
  const eventsOf = async (id: string) => {
    const profile = await f.engine.profiles.find(f.workspaceId, id);
    return profile === undefined ? undefined : (await f.engine.profiles.timeline(f.workspaceId, profile.id, { limit: 50 })).items;
  };

  beforeAll(async () => {
    f = await appFixture(dialect, { clock: new ManualClock(NOW) });
    expect((await f.admin('PUT', '/api/v1/catalog/products', { products })).statusCode).toBe(200);
    expect((await f.admin('POST', '/api/v1/segments', { name: 'Gold members', rule: { version: 1, root: { type: 'trait', trait: 'plan', op: 'eq', value: 'gold' } } })).statusCode).toBe(201);
    const noPersonalization = { context: { consent: { categoryPreferences: { personalization: false } } } };
    const batch = [
      { type: 'identify', userId: 'ada', traits: { plan: 'gold', firstName: 'Ada' }, timestamp: ago(60_000) },
      { type: 'identify', userId: 'bob', traits: { plan: 'gold', firstName: 'Bob' }, timestamp: ago(60_000), ...noPersonalization },
      ...['trowel', 'gloves', 'trowel'].map((p, i) => ({ type: 'track', event: 'Product Viewed', anonymousId: 'anon-garden', properties: { product_id: p }, timestamp: ago(50_000 - i) })),
      ...['trowel', 'gloves'].map((p, i) => ({ type: 'track', event: 'Product Viewed', anonymousId: 'anon-private', properties: { product_id: p }, timestamp: ago(50_000 - i), ...noPersonalization })),
    ];
    expect((await f.post('batch', { batch })).statusCode).toBe(200);
    await f.drain();
  });
  afterAll(async () => {
    await f.dispose();
  });

  it('refuses placements that cannot work, pointing at what is wrong', async () => {
    const bad = await f.admin('POST', '/api/v1/placements', {
      key: 'broken',
      name: 'Broken',
      experiences: [
        { key: 'one', name: 'One', audience: { segment: 'No such segment' }, content: { title: 'Hi {{ profile.firstName | shout }}' } },
        { key: 'one', name: 'Two', variants: [{ key: 'a', weight: 60, content: { title: 'A' } }, { key: 'b', weight: 30, content: { title: '{% include "secrets" %}' } }] },
        { key: 'three', name: 'Three', content: { title: '{% for p in recommendations.nobody %}{{ p.name }}{% endfor %}' }, startAt: '2026-08-01T00:00:00Z', endAt: '2026-07-01T00:00:00Z' },
      ],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('ERR_PLACEMENT_INVALID');
    const paths = (bad.json().details as { path: string }[]).map((d) => d.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/experiences/0/audience/segment',
        '/experiences/0/content/title',
        '/experiences/1/key',
        '/experiences/1/variants',
        '/experiences/1/variants/1/content/title',
        '/experiences/2/content/title',
        '/experiences/2/endAt',
      ]),
    );
    expect(bad.json().message).toContain('undefined filter: shout');
    expect(bad.json().message).toContain('{% include %} is not available');
    // The structure is checked first, by the schema: a key with capitals, an unknown field.
    const shape = await f.admin('POST', '/api/v1/placements', { key: 'Home Hero', name: 'x', experiences: [], colour: 'red' });
    expect(shape.statusCode).toBe(400);
    expect(shape.json().code).toBe('ERR_REQUEST_INVALID');
    expect((await f.admin('GET', '/api/v1/placements')).json().items).toEqual([]);
  });

  it('saves a placement, refuses its key twice, and decides with the reason', async () => {
    const created = await f.admin('POST', '/api/v1/placements', hero);
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ key: 'home_hero', kind: 'content', status: 'active', experiences: hero.experiences, default: hero.default });
    expect((await f.admin('POST', '/api/v1/placements', hero)).statusCode).toBe(409);

    // A gold member who consents: the segment's experience, rendered with her first name.
    const secret = (await f.admin('GET', '/api/v1/identity-secret')).json().secret as string;
    const ada = await decide({ userId: 'ada', userToken: userTokenOf(secret, 'ada'), placements: ['home_hero', 'nowhere'], context: { page: 'home', device: 'mobile' } });
    expect(ada.personalized).toBe(true);
    expect(ada.decisions[0]).toMatchObject({
      placement: 'home_hero',
      experience: { key: 'gold_welcome' },
      variant: null,
      content: { title: 'Welcome back, Ada', ctaUrl: '/gold?from=home_hero' },
      reason: { kind: 'audience', segment: { name: 'Gold members' }, sentence: 'You see this because you are in “Gold members”.' },
    });
    expect(ada.decisions[1]).toMatchObject({ placement: 'nowhere', experience: null, content: null, reason: { kind: 'unknown_placement' } });

    // Another gold member who refused personalization: the segment is not used, the context decides.
    const bob = await decide({ userId: 'bob', userToken: userTokenOf(secret, 'bob'), placements: ['home_hero'], context: { page: '/landing/spring', device: 'mobile' } });
    expect(bob.personalized).toBe(false);
    const d = bob.decisions[0]!;
    expect(d.experience?.key).toBe('spring_test');
    expect(d.reason.skipped).toEqual([{ experience: 'gold_welcome', why: 'a segment is used only with consent to personalization' }]);
    expect(d.reason.conditions).toEqual(['on the page “/landing/spring”', 'on a mobile']);
    // The variant is the one the shared bucketing gives for this seed and id (the SDK replays the same function).
    const bucket = bucketOf('home_hero:spring_test', 'bob');
    expect(d.reason.variant?.bucket).toBe(bucket);
    expect(d.variant).toBe(variantAt(hero.experiences[1]!.variants!, bucket)!.key);
    expect(d.content).toEqual({ title: d.variant === 'a' ? 'Spring is here' : 'New in: spring' });
    expect(d.reason.sentence).toContain(`It is version “${d.variant}” of a test`);

    // On a desktop nothing matches: the default.
    const desk = await decide({ anonymousId: 'someone', placements: ['home_hero'], context: { page: 'home', device: 'desktop' } });
    expect(desk.decisions[0]).toMatchObject({ experience: null, content: { title: 'Our shop' }, reason: { kind: 'default' } });
    expect(desk.decisions[0]!.reason.skipped.map((s) => s.why)).toEqual(['not in the segment “Gold members”', 'not on a mobile device']);
  });

  it('keeps each person in one variant, and splits people in proportion', async () => {
    const seen = new Map<string, number>();
    for (let i = 0; i < 200; i++) {
      const r = await decide({ anonymousId: `visitor-${i}`, placements: ['home_hero'], context: { page: 'home', device: 'mobile' }, recordExposure: false });
      const v = r.decisions[0]!.variant!;
      seen.set(v, (seen.get(v) ?? 0) + 1);
      if (i % 50 === 0) expect((await decide({ anonymousId: `visitor-${i}`, placements: ['home_hero'], context: { page: 'home', device: 'mobile' }, recordExposure: false })).decisions[0]!.variant).toBe(v);
    }
    // 50/50 of 200 people: each side within 70–130 (a binomial's 4 standard deviations).
    expect(seen.get('a')).toBeGreaterThan(70);
    expect(seen.get('b')).toBeGreaterThan(70);
  });

  it('serves a signed-in person only with the token of their id, and rotation retires old tokens', async () => {
    const missing = await f.post('decide', { userId: 'ada', placements: ['home_hero'] });
    expect(missing.statusCode).toBe(401);
    expect(missing.json()).toMatchObject({ code: 'ERR_AUTH_USER_TOKEN', details: [{ path: '/userToken' }] });
    const old = (await f.admin('GET', '/api/v1/identity-secret')).json().secret as string;
    // Someone else's token does not open Ada's data.
    expect((await f.post('decide', { userId: 'ada', userToken: userTokenOf(old, 'bob'), placements: ['home_hero'] })).statusCode).toBe(401);
    const rotated = await f.admin('POST', '/api/v1/identity-secret/rotate');
    expect(rotated.statusCode).toBe(200);
    const fresh = rotated.json().secret as string;
    expect(fresh).not.toBe(old);
    expect((await f.post('decide', { userId: 'ada', userToken: userTokenOf(old, 'ada'), placements: ['home_hero'] })).statusCode).toBe(401);
    expect((await f.post('decide', { userId: 'ada', userToken: userTokenOf(fresh, 'ada'), placements: ['home_hero'] })).statusCode).toBe(200);
    // The secret never reaches the audit log.
    const audit = await f.engine.accounts.audit.list(f.workspaceId, { limit: 50 });
    expect(JSON.stringify(audit)).not.toContain(fresh);
    // A write key is needed, and only a write key.
    expect((await f.post('decide', { anonymousId: 'x', placements: ['home_hero'] }, { authorization: `Bearer ${f.secretKey}` })).statusCode).toBe(401);
  });

  it('records each decision shown as an Experience Viewed event', async () => {
    const r = await decide({ anonymousId: 'exposed-1', placements: ['home_hero', 'nowhere'], context: { page: 'home', device: 'mobile' } });
    await f.engine.decisions.flush();
    await f.drain();
    const viewed = (await eventsOf('exposed-1'))!.filter((e) => e.event === 'Experience Viewed');
    expect(viewed).toHaveLength(1);
    expect(viewed[0]!.properties).toMatchObject({ placement: 'home_hero', experience: 'spring_test', variant: r.decisions[0]!.variant, decisionId: r.decisions[0]!.decisionId });
    // With recordExposure false, nothing is recorded.
    await decide({ anonymousId: 'exposed-2', placements: ['home_hero'], context: { page: 'home', device: 'mobile' }, recordExposure: false });
    await f.engine.decisions.flush();
    await f.drain();
    expect(await eventsOf('exposed-2')).toBeUndefined();
  });

  it('renders recommendations by name, and a template that runs away is cut off and passed over', async () => {
    expect((await f.admin('POST', '/api/v1/recommenders', { name: 'picks', strategy: 'popular' })).statusCode).toBe(201);
    const created = await f.admin('POST', '/api/v1/placements', {
      key: 'pdp_below_price',
      name: 'Below the price',
      experiences: [
        { key: 'runaway', name: 'Runaway', content: { body: '{% for i in (1..100000) %}{% for j in (1..100000) %}x{% endfor %}{% endfor %}' }, priority: 10 },
        { key: 'with_recs', name: 'With picks', content: { title: '{{ product.name }} at {{ product.price }}', body: '{% for p in recommendations.picks limit: 3 %}{{ p.name }};{% endfor %}' } },
      ],
    });
    expect(created.statusCode, created.body).toBe(201);
    const r = await decide({ anonymousId: 'anon-garden', placements: ['pdp_below_price'], context: { productId: 'mug' } });
    const d = r.decisions[0]!;
    expect(d.experience?.key).toBe('with_recs');
    expect(d.reason.skipped[0]).toMatchObject({ experience: 'runaway', why: expect.stringContaining('its content did not render') });
    expect(d.content!['title']).toBe('Stoneware Mug at 12');
    // Popular products: only the two garden products have been viewed in this shop yet, the trowel most.
    expect(d.content!['body']).toBe('Garden Trowel;Garden Gloves;');
  });

  it("orders a category page by the person's interest, and only with their consent", async () => {
    const created = await f.admin('POST', '/api/v1/placements', { key: 'plp_sort', name: 'Category pages', kind: 'sort', experiences: [{ key: 'interest', name: 'By interest', ranking: { affinityWeight: 0.6 } }] });
    expect(created.statusCode, created.body).toBe(201);
    const items = ['earl-grey', 'mug', 'sencha', 'trowel', 'teapot', 'gloves'];
    const garden = (await decide({ anonymousId: 'anon-garden', placements: ['plp_sort'], context: { items } })).decisions[0]!;
    expect(garden.experience?.key).toBe('interest');
    expect(garden.items!.map((i) => i.productId).slice(0, 2)).toEqual(['trowel', 'gloves']);
    expect(garden.items!.find((i) => i.productId === 'trowel')).toMatchObject({ moved: 3, reason: 'Because you often look at Garden' });
    expect(garden.items).toHaveLength(items.length);
    // The same views without consent to personalization: the list as sent.
    const privateList = (await decide({ anonymousId: 'anon-private', placements: ['plp_sort'], context: { items } })).decisions[0]!;
    expect(privateList.items!.map((i) => i.productId)).toEqual(items);
    expect(privateList.items!.every((i) => i.moved === 0)).toBe(true);
    // A sort placement takes no content.
    const wrong = await f.admin('PATCH', '/api/v1/placements/plp_sort', { experiences: [{ key: 'x', name: 'X', content: { title: 'no' } }] });
    expect(wrong.statusCode, wrong.body).toBe(400);
    expect(wrong.json().details[0].path).toBe('/experiences/0/content');
  });

  it('previews a draft or a saved placement for a person without recording, pauses and deletes', async () => {
    const viewedBefore = (await eventsOf('ada'))!.filter((e) => e.event === 'Experience Viewed').length;
    const preview = await f.admin('POST', '/api/v1/placements/preview', { draft: { ...hero, key: 'draft_hero', experiences: [{ ...hero.experiences[0]!, content: { title: 'Hello {{ profile.firstName }}!' } }] }, userId: 'ada' });
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json().decisions[0]).toMatchObject({ experience: { key: 'gold_welcome' }, content: { title: 'Hello Ada!' } });
    const saved = await f.admin('POST', '/api/v1/placements/preview', { placement: 'home_hero', userId: 'ada' });
    expect(saved.json().decisions[0].content.title).toBe('Welcome back, Ada');
    await f.engine.decisions.flush();
    await f.drain();
    expect((await eventsOf('ada'))!.filter((e) => e.event === 'Experience Viewed')).toHaveLength(viewedBefore);

    expect((await f.admin('PATCH', '/api/v1/placements/home_hero', { status: 'paused' })).statusCode).toBe(200);
    expect((await decide({ anonymousId: 'x', placements: ['home_hero'] })).decisions[0]).toMatchObject({ content: null, reason: { kind: 'paused', sentence: 'This placement is paused.' } });
    expect((await f.admin('DELETE', '/api/v1/placements/home_hero')).statusCode).toBe(204);
    expect((await f.admin('GET', '/api/v1/placements/home_hero')).statusCode).toBe(404);
    expect((await decide({ anonymousId: 'x', placements: ['home_hero'] })).decisions[0]!.reason.kind).toBe('unknown_placement');
  });
});
