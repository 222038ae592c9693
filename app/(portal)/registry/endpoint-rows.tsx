"use client";
/**
 * The rows of the registry's endpoint table, rendered from plain row data whose texts the page
 * resolved on the server. A client component so that each row reaches the page as one small
 * object instead of ~40 elements in the RSC payload (CONVENTIONS, "Markup that repeats over
 * data"); the markup is what the page rendered itself before.
 */
import Link from "next/link";

type Tone = "up" | "degraded" | "down" | "unknown";

export type EndpointRow = {
  id: string;
  institution: string;
  ura: string;
  vendor: string;
  environment: string;
  transaction: string;
  status: string;
  health: { tone: Tone; label: string };
  /** The newest certificate's expiry, formatted, with how far away it is; null when none was seen. */
  certificate: { expires: string; tone: Tone; label: string } | null;
  validity: string;
  url: string;
};

export function EndpointRows({ rows, certificateUnknown }: { rows: EndpointRow[]; certificateUnknown: string }) {
  return (
    <tbody>
      {rows.map((r) => (
        <tr key={r.id}>
          <td>
            <Link href={`/registry/${r.id}`}>{r.institution}</Link>
            <div className="muted">URA {r.ura}</div>
          </td>
          <td>{r.vendor}</td>
          <td>{r.environment}</td>
          <td>{r.transaction}</td>
          <td>
            <span className="tag">{r.status}</span>
          </td>
          <td>
            <span className={`tag health-${r.health.tone}`}>{r.health.label}</span>
          </td>
          <td>
            {r.certificate ? (
              <>
                {r.certificate.expires}
                <div>
                  <span className={`tag health-${r.certificate.tone}`}>{r.certificate.label}</span>
                </div>
              </>
            ) : (
              <span className="muted">{certificateUnknown}</span>
            )}
          </td>
          <td>{r.validity}</td>
          <td>
            <code className="truncate" title={r.url}>
              {r.url}
            </code>
          </td>
        </tr>
      ))}
    </tbody>
  );
}
