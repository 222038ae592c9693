"use client";
import { useEffect, useRef } from "react";

export type RecoveryLabels = { title: string; intro: string; list: string };

/** The recovery codes, shown once; focus moves to the heading so nobody misses them. */
export function RecoveryCodes({ codes, labels, children }: { codes: string[]; labels: RecoveryLabels; children: React.ReactNode }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <div>
      <h3 ref={heading} tabIndex={-1}>
        {labels.title}
      </h3>
      <p>{labels.intro}</p>
      <ul className="recovery-codes" aria-label={labels.list}>
        {codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ul>
      {children}
    </div>
  );
}
