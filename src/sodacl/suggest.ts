/** "Did you mean …" suggestions for misspelt names (metrics, keys, formats). */

/** Edit distance where swapping two neighbouring characters counts as one edit (optimal string alignment). */
function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row: number[] = [i];
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        row.push(j);
        continue;
      }
      const above = rows[i - 1] as number[];
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((above[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (above[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, ((rows[i - 2] as number[])[j - 2] ?? 0) + 1);
      }
      row.push(best);
    }
    rows.push(row);
  }
  return (rows[a.length] as number[])[b.length] ?? 0;
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
