/**
 * Financing: ./rules.ts (the versioned rule set and its checks), ./eligibility.ts (what one
 * institution is eligible for, programme totals), ./explanation.ts (the explanation as
 * message codes, and its rendering).
 */
export * from "./rules";
export * from "./eligibility";
export * from "./explanation";
