/**
 * The one table of the dashboard: column headers, rows with an optional row header (the first
 * column), always inside the ScrollBox that scrolls horizontally when the table is wider than the screen (reflow at 320 px). Every dashboard widget draws
 * its table with it, so the markup and the classes (globals.css "Dashboard") live in one place.
 */
import type { ReactNode } from "react";
import { ScrollBox } from "@/app/_components/scroll-box";

export type DataRow = { key: string; testId?: string; header?: ReactNode; cells: ReactNode[] };

export function DataTable({
  head,
  rows,
  rowHeader = "plain",
  id,
  caption,
  label,
}: {
  head: ReactNode[];
  rows: DataRow[];
  /** `plain`: row headers in normal weight (labels); `strong`: bold (names). */
  rowHeader?: "plain" | "strong";
  /** Makes the scrolling wrapper a link target. */
  id?: string;
  caption?: string;
  /** Names the box while the table scrolls sideways (the widget's heading). */
  label: string;
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
          // data-testid only where a row has one: an undefined prop still costs ~30 bytes of RSC payload.
          <tr key={r.key} {...(r.testId ? { "data-testid": r.testId } : {})}>
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
    <ScrollBox label={label} id={id}>
      {table}
    </ScrollBox>
  );
}
