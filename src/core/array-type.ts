/** `[][]` for `mood[][]`, `''` for a type that is not an array: drizzle-kit writes array dimensions as a suffix. */
export function arraySuffix(type: string): string {
  return /(\[\])*$/.exec(type)![0];
}

/** `mood` for `mood[][]`. */
export function elementType(type: string): string {
  return type.slice(0, type.length - arraySuffix(type).length);
}
