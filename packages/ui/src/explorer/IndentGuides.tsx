/** Thin vertical lines under each ancestor folder's chevron, as VS Code draws them. */
export function IndentGuides({ level }: { level: number }) {
  return (
    <>
      {Array.from({ length: level - 1 }, (_, depth) => (
        <span key={depth} className="indent-guide" style={{ insetInlineStart: 15 + depth * 12 }} aria-hidden="true" />
      ))}
    </>
  );
}
