/**
 * A person as colleagues know them: the name, with the e-mail address on hover (title) and for
 * screen readers. Without a name (nobody acted by hand, or what was recorded has no account), the
 * label that was recorded. Histories and the audit log show people with it, never an id.
 */
export function PersonName({ name, email, fallback }: { name: string | null | undefined; email: string | null | undefined; fallback: string }) {
  if (!name) return <>{fallback}</>;
  return (
    <span className="person" title={email ?? undefined}>
      {name}
      {email && <span className="visually-hidden"> ({email})</span>}
    </span>
  );
}
