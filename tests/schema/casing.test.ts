import { describe, expect, it } from 'vitest';
import * as drizzleCasing from 'drizzle-orm/casing';
import { toCamelCase, toSnakeCase } from '../../src/schema/casing.js';

const WORDS = ['firstName', 'userID', 'HTMLParser', 'XMLHttpRequest', 'createdAtUTC', 'address2', 'a1B2', 'line_2', 'first_name', "it's", 'A', '', '__x__', 'Some Words-here', 'ÄbcDef'];

describe('casing tokeniser', () => {
  it.each(WORDS)('matches drizzle-orm for %j', (word) => {
    expect(toSnakeCase(word)).toBe(drizzleCasing.toSnakeCase(word));
    expect(toCamelCase(word)).toBe(drizzleCasing.toCamelCase(word));
  });
});
