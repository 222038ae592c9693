import type { GoLiveStatus } from "@/lib/domain/golive";

/** The after-go-live status as a tag: "live", "hertest nodig" (attention) or "live via override". */
export function GoLiveStatusTag({ status, label }: { status: GoLiveStatus; label: string }) {
  const cls = status === "live" ? "tag health-up" : status === "live_attention" ? "tag health-down" : status === "live_override" ? "tag health-degraded" : "tag";
  return (
    <span className={cls} data-golive-status={status}>
      {label}
    </span>
  );
}
