import type { RuleDefinition } from '../../src/core/rule.js';

export const README_BEGIN = '<!-- begin auto-generated rules list (npm run generate) -->';
export const README_END = '<!-- end auto-generated rules list -->';

export function renderRulesTable(rules: readonly RuleDefinition[]): string {
  const rows = [...rules]
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((r) => {
      const where = [r.checkSchema ? 'schema' : '', r.checkMigration ? 'SQL' : '', r.checkTypeScript ? 'TS' : ''].filter(Boolean).join(', ');
      return `| [\`${r.id}\`](docs/rules/${r.id}.md) | ${r.description} | ${r.recommended ? '✅' : ''} | ${where} | ${r.hasSuggestions ? '💡' : ''} |`;
    });
  return [
    README_BEGIN,
    '',
    '✅ in `configs.recommended` (every rule is in `configs.strict`) · 💡 offers a suggestion',
    '',
    '| Rule | Description | ✅ | Checks | 💡 |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    '',
    README_END,
  ].join('\n');
}

export function replaceBetween(text: string, begin: string, end: string, replacement: string): string {
  const i = text.indexOf(begin);
  const j = text.indexOf(end);
  if (i < 0 || j < i) throw new Error(`markers ${begin} … ${end} not found`);
  return text.slice(0, i) + replacement + text.slice(j + end.length);
}
