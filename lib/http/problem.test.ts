import { afterEach, describe, expect, it, vi } from "vitest";
import { DomainError, errorCodes } from "../errors";
import { setLogSink } from "../log";
import { errorResponse, problem } from "./problem";

afterEach(() => vi.restoreAllMocks());

describe("problem", () => {
  it("renders RFC 9457 problem+json with the code's status and title", async () => {
    const res = problem(new DomainError("code_taken", "SPRING is taken."), "req_x");
    expect(res.status).toBe(409);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(res.headers.get("x-request-id")).toBe("req_x");
    expect(await res.json()).toEqual({
      type: "/docs/api#error-code_taken",
      title: errorCodes.code_taken.title,
      status: 409,
      detail: "SPRING is taken.",
      code: "code_taken",
    });
  });

  it("includes field errors and extra members, which cannot override the standard ones", async () => {
    const err = new DomainError("validation_failed", "Bad.", {
      errors: [{ path: "discount", message: "Too small" }],
      extra: { active: false, status: 200 },
    });
    const body = await problem(err, "r").json();
    expect(body).toMatchObject({ active: false, status: 422, errors: [{ path: "discount", message: "Too small" }] });
  });

  it("names the Bearer scheme on 401s", () => {
    expect(problem(new DomainError("unauthorized"), "r").headers.get("www-authenticate")).toBe("Bearer");
    expect(problem(new DomainError("invalid_token"), "r").headers.get("www-authenticate")).toBe('Bearer error="invalid_token"');
    expect(problem(new DomainError("forbidden"), "r").headers.get("www-authenticate")).toBeNull();
  });
});

describe("errorResponse", () => {
  it("turns an unknown error into a bare 500 that leaks nothing but the request id, and logs it", async () => {
    const lines: string[] = [];
    const restore = setLogSink({ write: (line: string) => lines.push(line) }, { level: "info" });
    const res = errorResponse(new Error("password=hunter2 at db.ts:12"), { requestId: "req_boom", req: new Request("http://x.test/api/v1/x") });
    restore();
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toContain("hunter2");
    expect(text).not.toContain("db.ts");
    expect(JSON.parse(text)).toMatchObject({ code: "internal", status: 500, detail: expect.stringContaining("req_boom") });
    // Logged once as JSON with the request id and the error's class.
    const logged = lines.map((l) => JSON.parse(l) as { level: string; requestId?: string; err?: { type?: string } });
    expect(logged).toEqual([expect.objectContaining({ level: "error", requestId: "req_boom", err: expect.objectContaining({ type: "Error" }) })]);
  });
});
