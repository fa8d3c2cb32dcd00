import { describe, expect, it } from 'vitest';
import { createBodyOf, emptyPlacementForm, formPathOf, newExperience, placementFormOf, problemsOf, updateBodyOf, weightSum } from './placement-form.js';

function twoExperiences() {
  const form = emptyPlacementForm();
  form.key = 'home_hero';
  form.name = 'Home hero';
  const mobile = newExperience(1);
  mobile.audience.devices = ['mobile'];
  mobile.content = [
    { id: 'r1', name: 'body', template: 'Hi' },
    { id: 'r2', name: 'title', template: '{{ x | nope }}' },
    { id: 'r3', name: '', template: '' },
  ];
  const split = newExperience(2);
  split.split = true;
  split.variants[1]!.weight = 40;
  split.variants[1]!.content = [{ id: 'r4', name: 'ctaUrl', template: '/sale' }];
  form.experiences = [mobile, split];
  return form;
}

describe('the placement editor’s values', () => {
  it('become the body the API takes: only the conditions set, rows without a name left out, a split or a content', () => {
    const body = createBodyOf(twoExperiences());
    expect(body.experiences[0]).toEqual({ key: 'experience_1', name: 'Experience 1', audience: { context: { devices: ['mobile'] } }, content: { body: 'Hi', title: '{{ x | nope }}' } });
    expect(body.experiences[1]).toMatchObject({ key: 'experience_2', variants: [{ key: 'a', weight: 50 }, { key: 'b', weight: 40, content: { ctaUrl: '/sale' } }] });
    expect(body.experiences[1]).not.toHaveProperty('content');
    expect(body.default).toEqual({ title: '', body: '', image: '', ctaText: '', ctaUrl: '' });
    expect(weightSum(twoExperiences().experiences[1]!.variants)).toBe(90);
    // A sort placement has rankings and no default; the key never goes in a change.
    const sort = { ...twoExperiences(), kind: 'sort' as const };
    sort.experiences[0]!.ranking = { affinityWeight: 0.8, recommender: '' };
    expect(createBodyOf(sort).experiences[0]).toEqual({ key: 'experience_1', name: 'Experience 1', audience: { context: { devices: ['mobile'] } }, ranking: { affinityWeight: 0.8 } });
    expect(createBodyOf(sort).default).toBeNull();
    expect(updateBodyOf(sort)).not.toHaveProperty('key');
  });

  it('come back the same from a saved placement', () => {
    const body = createBodyOf(twoExperiences());
    const saved = { ...body, id: 'p1', description: '', kind: 'content' as const, status: 'active' as const, default: body.default ?? null, createdAt: '', updatedAt: '' };
    expect(createBodyOf(placementFormOf(saved))).toEqual(body);
  });

  it('put each problem of the API next to its input, the rows found by their field name', () => {
    const form = twoExperiences();
    expect(formPathOf('/experiences/0/content/title', form)).toBe('experiences.0.content.1.template');
    expect(formPathOf('/draft/experiences/0/content/title', form)).toBe('experiences.0.content.1.template');
    expect(formPathOf('/experiences/0/content/gone', form)).toBe('experiences.0.content');
    expect(formPathOf('/experiences/1/variants', form)).toBe('experiences.1.variants');
    expect(formPathOf('/experiences/1/variants/1/content/ctaUrl', form)).toBe('experiences.1.variants.1.content.0.template');
    expect(formPathOf('/experiences/0/audience/context/geofences/2', form)).toBe('experiences.0.audience.geofences');
    expect(formPathOf('/experiences/0/audience/context/localTime/to', form)).toBe('experiences.0.audience.localTime.to');
    expect(formPathOf('/experiences/0/endAt', form)).toBe('experiences.0.endAt');
    expect(formPathOf('/experiences/7/key', form)).toBe('experiences');
    expect(formPathOf('/default/title', form)).toBe('default.0.template');
    expect(formPathOf('/key', form)).toBe('key');
    expect(formPathOf('/userId', form)).toBeUndefined();

    const problems = problemsOf(
      [
        { path: '/experiences/0/content/title', message: 'the template does not parse: undefined filter: nope' },
        { path: '/key', message: 'must match pattern "^[a-z]"' },
        { path: '/context/device', message: 'must be equal to one of the allowed values' },
      ],
      (p) => formPathOf(p, form),
    );
    expect(problems.fields).toEqual({ 'experiences.0.content.1.template': 'The template does not parse: undefined filter: nope', key: 'Is not in the expected form' });
    expect(problems.general).toEqual(['/context/device: Must be equal to one of the allowed values']);
  });
});
