// Types for tests/lint/client-boundary.mjs (plain JavaScript, so ESLint can load it without a build step).
import type { ESLint, Rule } from "eslint";

export type ServerChain = { chain: string[]; reason: string };
export function serverReasonOfSpecifier(spec: string): string | null;
export function resolveLocal(spec: string, fromFile: string): string | null;
export function serverChainOf(file: string): ServerChain | null;
export function clearCaches(): void;
export const clientBoundaryRule: Rule.RuleModule;
declare const plugin: ESLint.Plugin;
export default plugin;
