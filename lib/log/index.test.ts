import { describe, expect, it } from "vitest";
import { routeLabel } from "../http/pipeline";
import { levelForStatus, log, redact, setLogSink } from "./index";

describe("log lines", () => {
  it("summarize a raw Error under `err`: no stack, no bound parameters", () => {
    const lines: string[] = [];
    const restore = setLogSink({ write: (l: string) => lines.push(l) }, { level: "debug" });
    try {
      const driver = Object.assign(new Error('duplicate key value violates unique constraint "users_email_key"'), {
        name: "PostgresError",
        code: "23505",
        constraint_name: "users_email_key",
        detail: "Key (email)=(a@b.example) already exists.",
      });
      const wrapped = new Error(`Failed query: insert into users values ($1, $2)\nparams: a@b.example,$argon2id$v=19$m=19456,t=2,p=1$abc$def`, { cause: driver });
      log.error({ err: wrapped }, "boom");
    } finally {
      restore();
    }
    const line = JSON.parse(lines[0]!);
    expect(line.err).toEqual({ type: "PostgresError", code: "23505", constraint: "users_email_key", message: 'duplicate key value violates unique constraint "users_email_key"' });
    expect(lines[0]).not.toMatch(/a@b\.example|argon2|stack|Failed query/);
  });

  it("levels by status", () => {
    expect([200, 201, 302, 401, 409, 429, 500, 503].map(levelForStatus)).toEqual(["info", "info", "info", "warn", "warn", "warn", "error", "error"]);
  });

  it("redacts secrets in free text", () => {
    expect(redact("token dsc_abcdefghij for x@y.example")).toBe("token dsc_[redacted] for [email]");
  });
});

describe("routeLabel", () => {
  it("names params by their folder, never their values", () => {
    expect(routeLabel("/api/v1/discountcode/SUMMER24", { id: "SUMMER24" })).toBe("/api/v1/discountcode/[id]");
    expect(routeLabel("/api/v1/discountcode/SUMMER%2024", { id: "SUMMER 24" })).toBe("/api/v1/discountcode/[id]");
    expect(routeLabel("/api/auth/callback/credentials", { nextauth: ["callback", "credentials"] })).toBe("/api/auth/[...nextauth]");
    expect(routeLabel("/api/v1/health", undefined)).toBe("/api/v1/health");
  });

  it("masks what looks like a secret when no params were resolved", () => {
    expect(routeLabel("/api/v1/x/dsc_abcdefghijklmnop/a@b.example", undefined)).toBe("/api/v1/x/dsc_[redacted]/[email]");
  });
});
