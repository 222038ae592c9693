/** One headline number with its link into the institution list. */
export function Stat({ label, value, href, note, detail, detailTestId, testId }: { label: string; value: string; href?: string; note?: string; detail?: string; detailTestId?: string; testId: string }) {
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
      {detail && (
        <p className="muted note" data-testid={detailTestId}>
          {detail}
        </p>
      )}
    </div>
  );
}
