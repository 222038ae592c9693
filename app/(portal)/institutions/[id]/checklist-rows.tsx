"use client";
/**
 * The rows of one checklist group on an institution's page, rendered from plain row data whose
 * texts the page resolved on the server. A client component so that each step reaches the page as
 * one small object instead of ~30 elements in the RSC payload (CONVENTIONS, "Markup that repeats
 * over data"); the markup is what the page rendered itself before.
 */
import Link from "next/link";
import type { StepState } from "@/lib/domain/readiness";
import { StepStateBadge } from "@/app/_components/step-state-badge";

export type ChecklistRow = {
  code: string;
  title: string;
  href: string;
  /** "verplicht" / "optioneel" / "niet voor deze leverancier". */
  applies: string;
  /** " · Voorwaarden: …", when the step has prerequisites. */
  prerequisites: string | null;
  state: StepState;
  stateLabel: string;
  /** "concept", when a draft is saved. */
  draft: string | null;
  rejection: { label: string; reason: string } | null;
  date: string;
  evidence: { href: string; name: string | null; download: string } | null;
  noEvidence: string;
  link: { href: string; label: string } | null;
  /** Who reported, verified, rejected: one line each. */
  who: string[];
  action: { label: string; ariaLabel: string };
};

export function ChecklistRows({ rows }: { rows: ChecklistRow[] }) {
  return (
    <tbody>
      {rows.map((s) => (
        <tr key={s.code} data-step={s.code}>
          <td>
            <Link href={s.href}>{s.title}</Link>
            <div className="muted">
              {s.applies}
              {s.prerequisites}
            </div>
          </td>
          <td>
            <StepStateBadge state={s.state} label={s.stateLabel} />
            {s.draft && <div className="muted">({s.draft})</div>}
            {s.rejection && (
              <div>
                <strong>{s.rejection.label}:</strong> {s.rejection.reason}
              </div>
            )}
          </td>
          <td>{s.date}</td>
          <td>
            {s.evidence ? (
              <a href={s.evidence.href}>
                {s.evidence.name} <span className="visually-hidden">({s.evidence.download})</span>
              </a>
            ) : (
              s.noEvidence
            )}
            {s.link && (
              <div>
                <a href={s.link.href} rel="noopener noreferrer">
                  {s.link.label}
                </a>
              </div>
            )}
          </td>
          <td>
            {s.who.map((line, i) => (
              <div key={i}>{line}</div>
            ))}
          </td>
          <td>
            <Link href={s.href} aria-label={s.action.ariaLabel}>
              {s.action.label}
            </Link>
          </td>
        </tr>
      ))}
    </tbody>
  );
}
