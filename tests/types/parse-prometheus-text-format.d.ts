/** Types for parse-prometheus-text-format (prom2json-shaped output), used by the /metrics tests. */
declare module "parse-prometheus-text-format" {
  export type PromSample = { labels?: Record<string, string>; value?: string; buckets?: Record<string, string>; count?: string; sum?: string };
  export type PromFamily = { name: string; help: string; type: "COUNTER" | "GAUGE" | "HISTOGRAM" | "SUMMARY" | "UNTYPED"; metrics: PromSample[] };
  export default function parsePrometheusTextFormat(text: string): PromFamily[];
}
