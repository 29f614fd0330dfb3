import { describe, expect, it } from 'vitest';
import { sqlLanguage } from '../../src/eslint/sql-language/sql-language.js';

// This file never loads the parser (a CommonJS consumer's situation): linting must fail loudly.
describe('the SQL language without a loaded parser', () => {
  it('returns one clear fatal error instead of an empty result', () => {
    const result = sqlLanguage.parse({ body: 'DROP TABLE "users";', path: '/m/0001.sql' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([{ message: expect.stringMatching(/SQL parser is not loaded yet/), line: 1, column: 1 }]);
  });
});
