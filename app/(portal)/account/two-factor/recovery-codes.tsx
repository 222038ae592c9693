"use client";
import { useTranslations } from "next-intl";
import { useEffect, useRef } from "react";

/** The recovery codes, shown once; focus moves to the heading so nobody misses them. */
export function RecoveryCodes({ codes, children }: { codes: string[]; children: React.ReactNode }) {
  const t = useTranslations("two_factor");
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <div>
      <h3 ref={heading} tabIndex={-1}>
        {t("recovery_title")}
      </h3>
      <p>{t("recovery_intro")}</p>
      <ul className="recovery-codes" aria-label={t("recovery_list")}>
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
