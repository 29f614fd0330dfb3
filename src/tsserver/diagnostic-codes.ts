/**
 * Stable TypeScript diagnostic codes for our findings, in the reserved range 88000–88999
 * (TypeScript's own messages use no 88xxx code).
 *
 * One code per rule id, derived from the id alone (FNV-1a hash), so adding or removing other
 * rules never changes a code. tests/tsserver/diagnostic-codes.test.ts fails if two shipped rules
 * ever share a code.
 */
export const FIRST_DIAGNOSTIC_CODE = 88000;
export const LAST_DIAGNOSTIC_CODE = 88999;

export function diagnosticCodeForRule(ruleId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < ruleId.length; i++) {
    hash ^= ruleId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return FIRST_DIAGNOSTIC_CODE + (hash % (LAST_DIAGNOSTIC_CODE - FIRST_DIAGNOSTIC_CODE + 1));
}
