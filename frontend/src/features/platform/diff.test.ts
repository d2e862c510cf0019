import { describe, expect, it } from 'vitest';
import { diffChanges, show } from './diff';

describe('audit diffs', () => {
  it('lists only the fields that changed, nested ones as paths', () => {
    expect(
      diffChanges({
        before: { name: 'Ana', skills: ['lead'], meta: { a: 1, b: 2 }, same: 1 },
        after: { name: 'Ana B', skills: ['lead', 'juicer'], meta: { a: 1, b: 3 }, same: 1 },
      }),
    ).toEqual([
      { field: 'meta.b', before: 2, after: 3 },
      { field: 'name', before: 'Ana', after: 'Ana B' },
      { field: 'skills', before: ['lead'], after: ['lead', 'juicer'] },
    ]);
  });

  it('shows a creation as every field new and a deletion as every field gone', () => {
    expect(diffChanges({ after: { id: 'E1' } })).toEqual([{ field: 'id', before: undefined, after: 'E1' }]);
    expect(diffChanges({ before: { id: 'E1' }, after: null })).toEqual([
      { field: 'id', before: 'E1', after: undefined },
    ]);
  });

  it('copes with rows that carry no before/after', () => {
    expect(diffChanges(null)).toEqual([]);
    expect(diffChanges({ reason: 'x' })).toEqual([{ field: 'reason', before: undefined, after: 'x' }]);
    expect(show(undefined)).toBe('—');
    expect(show([1])).toBe('[1]');
  });
});
