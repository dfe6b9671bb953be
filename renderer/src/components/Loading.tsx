/**
 * What a screen shows while its first load is on the way, so it never looks empty or broken meanwhile. Marked
 * `data-loading`: the browser tests wait for it to go before they look at (or photograph) a screen.
 */
export function Loading({ text }: { text: string }) {
  return (
    <p className="muted" role="status" data-loading>
      {text}
    </p>
  );
}
