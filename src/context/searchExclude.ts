/**
 * `search.exclude` as one glob for `workspace.findFiles`' exclude argument (which applies
 * `files.exclude` itself, but not `search.exclude`); undefined when nothing is excluded.
 * Only patterns set to `true` count: a `{ when: … }` sibling condition cannot be expressed as a glob.
 */
export function searchExcludeGlob(setting: unknown): string | undefined {
  if (!setting || typeof setting !== 'object') return undefined;
  const patterns: string[] = [];
  for (const [pattern, on] of Object.entries(setting as Record<string, unknown>)) {
    if (on !== true || !pattern.trim()) continue;
    // Braces in a pattern would break the `{a,b}` group: such a pattern is left out rather than mangled.
    if (/[{}]/.test(pattern)) continue;
    // `**/node_modules` names a folder: exclude what is inside it too.
    patterns.push(pattern, pattern.endsWith('/**') ? pattern : `${pattern.replace(/\/+$/, '')}/**`);
  }
  const unique = [...new Set(patterns)];
  return unique.length === 0 ? undefined : `{${unique.join(',')}}`;
}
