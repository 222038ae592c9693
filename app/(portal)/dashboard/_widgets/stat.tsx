/** One headline number with its link into the institution list. */
export function Stat({ label, value, href, note, testId }: { label: string; value: string; href?: string; note?: string; testId: string }) {
  return (
    <div className="card stat-card">
      <h3>{label}</h3>
      <p className="stat" data-testid={href ? undefined : testId}>
        {href ? (
          <a href={href} data-testid={testId}>
            {value}
          </a>
        ) : (
          value
        )}
      </p>
      {note && <p className="muted note">{note}</p>}
    </div>
  );
}
