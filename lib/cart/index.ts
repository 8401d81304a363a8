export * from "./types";
export * from "./pricing";
export * from "./format";
export * from "./refusals";
