"use client";
/**
 * The rows of the institution register, rendered from plain row data whose texts the page resolved
 * on the server. A client component so that each row reaches the page as one small object instead
 * of ~25 elements in the RSC payload (CONVENTIONS, "Markup that repeats over data"); the markup is
 * what the page rendered itself before.
 */
import Link from "next/link";

export type InstitutionRow = {
  id: string;
  name: string;
  city: string;
  kind: string;
  province: string;
  vendor: string;
  phase: string;
  /** "12 dagen in deze fase", when the phase has a start date. */
  inPhase: string | null;
  /** "2 meldingen wachten op controle", when any do. */
  awaiting: string | null;
  percent: number;
  blocking: string;
  ura: string;
};

export function InstitutionRows({ rows }: { rows: InstitutionRow[] }) {
  return (
    <tbody>
      {rows.map((r) => (
        <tr key={r.id}>
          <td>
            <Link href={`/institutions/${r.id}`}>{r.name}</Link>
            <div className="muted">{r.city}</div>
          </td>
          <td>{r.kind}</td>
          <td>{r.province}</td>
          <td>{r.vendor}</td>
          <td>
            {r.phase}
            {r.inPhase && <div className="muted">{r.inPhase}</div>}
            {r.awaiting && <div className="muted">{r.awaiting}</div>}
          </td>
          <td>{r.percent}%</td>
          <td>{r.blocking}</td>
          <td>{r.ura}</td>
        </tr>
      ))}
    </tbody>
  );
}
