import { describe, expect, it } from 'vitest';
import { diffFields } from './audit.js';

describe('diffFields', () => {
  it('ignores key order inside stored JSON (jsonb sorts keys) and reports real changes', () => {
    const before = {
      emails: [{ label: 'work', value: 'a@b.si' }],
      lastName: 'Novak',
      tags: ['vip'],
    };
    const after = {
      emails: [{ value: 'a@b.si', label: 'work' }],
      lastName: 'Horvat',
      tags: ['vip'],
    };
    expect(diffFields(before, after, ['emails', 'lastName', 'tags'])).toEqual({
      lastName: ['Novak', 'Horvat'],
    });
  });

  it('treats missing and null alike', () => {
    expect(diffFields({ jobTitle: null }, {}, ['jobTitle'])).toEqual({});
    expect(diffFields({}, { jobTitle: 'CEO' }, ['jobTitle'])).toEqual({ jobTitle: [null, 'CEO'] });
  });
});
