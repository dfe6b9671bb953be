/** Text that may be long (names, paths, hashes): one line, cut with an ellipsis, whole in its tooltip. */
export function Ellipsis({ text, className }: { text: string; className?: string }) {
  return (
    <span className={className ? `ellipsis ${className}` : 'ellipsis'} title={text}>
      {text}
    </span>
  );
}
