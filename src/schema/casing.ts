/** Drizzle's casing tokeniser, copied in behaviour from drizzle-orm 0.45 `casing.js`. */
const WORD = /[\da-z]+|[A-Z]+(?![a-z])|[A-Z][\da-z]+/g;

function words(input: string): string[] {
  return input.replace(/['\u2019]/g, '').match(WORD) ?? [];
}

export function toSnakeCase(input: string): string {
  return words(input)
    .map((word) => word.toLowerCase())
    .join('_');
}

export function toCamelCase(input: string): string {
  return words(input).reduce(
    (acc, word, i) => acc + (i === 0 ? word.toLowerCase() : `${word[0].toUpperCase()}${word.slice(1)}`),
    '',
  );
}

export type Casing = 'snake_case' | 'camelCase';

export function applyCasing(name: string, casing: Casing | undefined): string {
  if (casing === 'snake_case') return toSnakeCase(name);
  if (casing === 'camelCase') return toCamelCase(name);
  return name;
}
