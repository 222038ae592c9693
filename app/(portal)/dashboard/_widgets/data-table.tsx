/**
 * The one table of the dashboard: column headers, rows with an optional row header (the first
 * column), always inside a wrapper that scrolls horizontally on narrow screens (reflow at 320 px). Every dashboard widget draws
 * its table with it, so the markup and the classes (globals.css "Dashboard") live in one place.
 */
import type { ReactNode } from "react";

export type DataRow = { key: string; testId?: string; header?: ReactNode; cells: ReactNode[] };

export function DataTable({
  head,
  rows,
  rowHeader = "plain",
  id,
  caption,
}: {
  head: ReactNode[];
  rows: DataRow[];
  /** `plain`: row headers in normal weight (labels); `strong`: bold (names). */
  rowHeader?: "plain" | "strong";
  /** Makes the scrolling wrapper a link target. */
  id?: string;
  caption?: string;
}) {
  const table = (
    <table>
      {caption && <caption>{caption}</caption>}
      <thead>
        <tr>
          {head.map((h, i) => (
            <th scope="col" key={i}>
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key} data-testid={r.testId}>
            {r.header !== undefined && (
              <th scope="row" className={rowHeader === "plain" ? "row-head plain" : "row-head"}>
                {r.header}
              </th>
            )}
            {r.cells.map((c, i) => (
              <td key={i}>{c}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
  return (
    <div className="table-wrap" id={id} tabIndex={id ? -1 : undefined}>
      {table}
    </div>
  );
}
