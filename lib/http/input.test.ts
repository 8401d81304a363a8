import { describe, expect, it } from "vitest";
import { z } from "zod";
import { DomainError } from "../errors";
import { MAX_BODY_BYTES, queryObject, readBodyText, readJsonBody, validate } from "./input";

const post = (body: BodyInit | null, headers: Record<string, string> = { "content-type": "application/json" }) =>
  new Request("http://x.test/api", { method: "POST", body, headers });

async function codeOf(p: Promise<unknown> | (() => unknown)): Promise<string | undefined> {
  try {
    await (typeof p === "function" ? p() : p);
  } catch (e) {
    return e instanceof DomainError ? e.code : `not a DomainError: ${e}`;
  }
  return undefined;
}

function streamOf(chunks: number, size: number): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(c) {
      if (sent++ >= chunks) return c.close();
      c.enqueue(new Uint8Array(size).fill(0x20));
    },
  });
}

describe("readBodyText", () => {
  it("accepts exactly the limit and refuses one byte more", async () => {
    expect((await readBodyText(post("a".repeat(MAX_BODY_BYTES)))).length).toBe(MAX_BODY_BYTES);
    expect(await codeOf(readBodyText(post("a".repeat(MAX_BODY_BYTES + 1))))).toBe("payload_too_large");
  });

  it("refuses by Content-Length before reading", async () => {
    const req = new Request("http://x.test/", {
      method: "POST",
      body: streamOf(1, 10),
      headers: { "content-length": String(MAX_BODY_BYTES + 1) },
      duplex: "half",
    } as RequestInit);
    expect(await codeOf(readBodyText(req))).toBe("payload_too_large");
  });

  it("refuses a streamed body without Content-Length once it passes the limit", async () => {
    const req = new Request("http://x.test/", { method: "POST", body: streamOf(100, 1024), duplex: "half" } as RequestInit);
    expect(await codeOf(readBodyText(req))).toBe("payload_too_large");
  });

  it("refuses invalid UTF-8", async () => {
    expect(await codeOf(readBodyText(post(new Uint8Array([0x7b, 0xff, 0x7d]))))).toBe("invalid_json");
  });
});

describe("readJsonBody", () => {
  it("parses JSON, also application/*+json with parameters", async () => {
    expect(await readJsonBody(post('{"a":1}'))).toEqual({ a: 1 });
    expect(await readJsonBody(post("[1]", { "content-type": "application/merge-patch+json; charset=utf-8" }))).toEqual([1]);
  });
  it("reads an empty body as {}", async () => {
    expect(await readJsonBody(post(null))).toEqual({});
    expect(await readJsonBody(post("  \n"))).toEqual({});
  });
  it.each([
    ['{"a":', "invalid_json"],
    ["{'a':1}", "invalid_json"],
    ["undefined", "invalid_json"],
  ])("%s → %s", async (body, code) => {
    expect(await codeOf(readJsonBody(post(body)))).toBe(code);
  });
  it.each([["text/plain"], ["application/x-www-form-urlencoded"], ["multipart/form-data; boundary=x"]])(
    "refuses a %s body with 415 (no cross-site form can post to a cookie-authenticated route)",
    async (type) => {
      expect(await codeOf(readJsonBody(post('{"a":1}', { "content-type": type })))).toBe("unsupported_media_type");
    },
  );
  it("refuses a body without a content type", async () => {
    const req = new Request("http://x.test/", { method: "POST", body: new Blob(['{"a":1}']) });
    expect(req.headers.get("content-type")).toBeNull();
    expect(await codeOf(readJsonBody(req))).toBe("unsupported_media_type");
  });
});

describe("queryObject", () => {
  it("turns repeated keys into arrays", () => {
    expect(queryObject(new URL("http://x.test/?a=1&b=2&a=3&a=4"))).toEqual({ a: ["1", "3", "4"], b: "2" });
  });
});

describe("validate", () => {
  const schema = z.object({ n: z.coerce.number().int().min(1), nested: z.object({ list: z.array(z.string()) }) });
  it("returns the parsed value", () => {
    expect(validate(schema, { input: { n: "3", nested: { list: ["x"] } }, what: "body" })).toEqual({ n: 3, nested: { list: ["x"] } });
  });
  it("422 with dotted field paths", () => {
    try {
      validate(schema, { input: { n: 0, nested: { list: ["x", 2] } }, what: "body" });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError);
      const err = e as DomainError;
      expect(err.code).toBe("validation_failed");
      expect(err.errors!.map((x) => x.path)).toEqual(["n", "nested.list.1"]);
      expect(err.message).toBe("Invalid body: 2 fields failed validation.");
    }
  });
  it("names the root when the input is not an object", () => {
    try {
      validate(schema, { input: "nope", what: "query" });
      expect.unreachable();
    } catch (e) {
      expect((e as DomainError).errors).toEqual([{ path: "(root)", message: expect.any(String) }]);
    }
  });
});
