/** "Did you mean …" suggestions for misspelt names (metrics, keys, formats). */

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** The candidates nearest to `name` (case-insensitive), if any is near: at most a third of it may differ. */
export function closestNames(name: string, candidates: readonly string[]): string[] {
  const wanted = name.toLowerCase();
  const limit = Math.max(2, Math.floor(wanted.length / 3));
  const scored = candidates.map((candidate) => ({
    candidate,
    distance: editDistance(wanted, candidate.toLowerCase()),
  }));
  const best = Math.min(...scored.map((s) => s.distance));
  if (!(best <= limit)) return [];
  return scored.filter((s) => s.distance === best).map((s) => s.candidate);
}

/** ` Did you mean "x"?` or the empty string. */
export function didYouMean(name: string, candidates: readonly string[]): string {
  const close = closestNames(name, candidates);
  if (close.length === 0) return '';
  return ` Did you mean ${close.map((c) => `"${c}"`).join(' or ')}?`;
}
