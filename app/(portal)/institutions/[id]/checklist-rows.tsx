"use client";
/**
 * One checklist group's table on an institution's page, drawn from plain row data whose texts the
 * page resolved on the server. A client component so that each step reaches the page as one small
 * object instead of ~30 elements in the RSC payload (CONVENTIONS, "Markup that repeats over
 * data"): what every row shows alike (the column heads, "Download", "—", the state names, the
 * step link's prefix) is one prop of the table, not repeated per row. The markup is what the page
 * rendered itself before.
 */
import Link from "next/link";
import type { StepState } from "@/lib/domain/readiness";
import { ScrollBox } from "@/app/_components/scroll-box";
import { StepStateBadge } from "@/app/_components/step-state-badge";

export type ChecklistRow = {
  code: string;
  title: string;
  /** "verplicht" / "optioneel" / "niet voor deze leverancier". */
  applies: string;
  /** " · Voorwaarden: …", when the step has prerequisites. */
  prerequisites: string | null;
  state: StepState;
  /** A draft is saved. */
  draft: boolean;
  /** The reason, when the step was rejected. */
  rejection: string | null;
  date: string;
  evidence: { id: string; name: string | null } | null;
  /** The step's link (a URL the institution gave). */
  link: string | null;
  /** Who reported, verified, rejected: one line each. */
  who: string[];
  /** The action's name ("Bekijken", "Melden", …); the link's accessible name adds the step's title. */
  action: string;
};

/** What every row of every group shows alike. */
export type ChecklistTexts = {
  head: [string, string, string, string, string, string];
  states: Record<StepState, string>;
  draft: string;
  rejection: string;
  download: string;
  noEvidence: string;
  link: string;
};

export function ChecklistTable({ label, stepHref, texts, rows }: { label: string; /** The steps' path up to the step code: "/institutions/<id>/steps/". */ stepHref: string; texts: ChecklistTexts; rows: ChecklistRow[] }) {
  return (
    <ScrollBox label={label}>
      <table>
        <thead>
          <tr>
            {texts.head.map((h) => (
              <th scope="col" key={h}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((s) => (
            <tr key={s.code} data-step={s.code}>
              <td>
                <Link href={`${stepHref}${s.code}`}>{s.title}</Link>
                <div className="muted">
                  {s.applies}
                  {s.prerequisites}
                </div>
              </td>
              <td>
                <StepStateBadge state={s.state} label={texts.states[s.state]} />
                {s.draft && <div className="muted">({texts.draft})</div>}
                {s.rejection !== null && (
                  <div>
                    <strong>{texts.rejection}:</strong> {s.rejection}
                  </div>
                )}
              </td>
              <td>{s.date}</td>
              <td>
                {s.evidence ? (
                  <a href={`/api/evidence/${s.evidence.id}`}>
                    {s.evidence.name} <span className="visually-hidden">({texts.download})</span>
                  </a>
                ) : (
                  texts.noEvidence
                )}
                {s.link && (
                  <div>
                    <a href={s.link} rel="noopener noreferrer">
                      {texts.link}
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
                <Link href={`${stepHref}${s.code}`} aria-label={`${s.action}: ${s.title}`}>
                  {s.action}
                </Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollBox>
  );
}
