"use client";
/**
 * The portal's data table: column headers, rows with an optional row header (the first column),
 * always inside the ScrollBox that scrolls horizontally when the table is wider than the screen
 * (reflow at 320 px). Every dashboard widget and the endpoint page's tables draw with it, so the
 * markup and the classes (globals.css "Dashboard") live in one place.
 *
 * A client component so that the table's skeleton (rows, cells) is drawn here and not sent as
 * elements in the RSC payload, and so that a cell that is only a link can travel as data
 * (`{ href, text }`) instead of an element (CONVENTIONS, "Markup that repeats over data"). It is
 * rendered on the server like the rest of the page; any other cell is a node the widget renders.
 */
import { isValidElement, type ReactNode } from "react";
import { ScrollBox } from "./scroll-box";

/** A cell that is one plain link (a drill-down to a filtered list). */
export type LinkCell = { href: string; text: string; testId?: string };
export type Cell = ReactNode | LinkCell;
export type DataRow = { key: string; testId?: string; header?: Cell; cells: Cell[] };

function isLinkCell(c: Cell): c is LinkCell {
  return typeof c === "object" && c !== null && !Array.isArray(c) && !isValidElement(c) && "href" in c;
}

function CellContent({ cell }: { cell: Cell }) {
  if (!isLinkCell(cell)) return <>{cell}</>;
  return (
    <a href={cell.href} {...(cell.testId ? { "data-testid": cell.testId } : {})}>
      {cell.text}
    </a>
  );
}

export function DataTable({
  head,
  rows,
  rowHeader = "plain",
  id,
  caption,
  label,
  labelledBy,
  testId,
}: {
  head: ReactNode[];
  rows: DataRow[];
  /** `plain`: row headers in normal weight (labels); `strong`: bold (names); `bare`: the browser's own (no class). */
  rowHeader?: "plain" | "strong" | "bare";
  /** Makes the scrolling wrapper a link target. */
  id?: string;
  caption?: string;
  /** Names the box while the table scrolls sideways (the widget's heading). */
  label: string;
  /** The id of the heading that names the table itself. */
  labelledBy?: string;
  testId?: string;
}) {
  return (
    <ScrollBox label={label} id={id}>
      <table aria-labelledby={labelledBy} data-testid={testId}>
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
            <tr key={r.key} {...(r.testId ? { "data-testid": r.testId } : {})}>
              {r.header !== undefined && (
                <th scope="row" className={rowHeader === "bare" ? undefined : rowHeader === "plain" ? "row-head plain" : "row-head"}>
                  <CellContent cell={r.header} />
                </th>
              )}
              {r.cells.map((c, i) => (
                <td key={i}>
                  <CellContent cell={c} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollBox>
  );
}
