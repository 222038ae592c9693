export * from "./institutions";
export * from "./users";
export * from "./audit";
