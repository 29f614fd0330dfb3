import type { RuleDefinition } from '../../src/core/rule.js';

export const HEADER_BEGIN = '<!-- begin auto-generated rule header -->';
export const HEADER_END = '<!-- end auto-generated rule header -->';

export function renderDocHeader(rule: RuleDefinition): string {
  const configs = rule.recommended ? '✅ `recommended`, `strict`' : '`strict` only';
  const checks = [rule.checkSchema ? 'the Drizzle schema' : '', rule.checkMigration ? 'migration SQL' : '', rule.checkTypeScript ? 'TypeScript code' : '']
    .filter(Boolean)
    .join(', ');
  const lines = [HEADER_BEGIN, '', `${rule.description}`, '', `Configs: ${configs} · Checks: ${checks || 'n/a'}${rule.hasSuggestions ? ' · 💡 has suggestions' : ''}`, '', HEADER_END];
  return lines.join('\n');
}
