import { describe, expect, it } from "vitest";
import { hasMalformedEscape, refuseHostileRequest } from "./hostile";

const post = (path: string, headers: Record<string, string>, body?: BodyInit) =>
  new Request(`http://localhost${path}`, { method: "POST", headers, body });

function multipart(fields: Record<string, string>): { body: string; headers: Record<string, string> } {
  const b = "----fuzz";
  const body =
    Object.entries(fields)
      .map(([k, v]) => `--${b}\r\ncontent-disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
      .join("") + `--${b}--\r\n`;
  return { body, headers: { "content-type": `multipart/form-data; boundary=${b}` } };
}

async function refused(req: Request): Promise<number | null> {
  return (await refuseHostileRequest(req))?.status ?? null;
}

describe("hasMalformedEscape", () => {
  it.each(["/%zz", "/a/%", "/a/A%", "/%C0%AF", "/%ED%A0%80", "/x/%E0%80/y"])("%s is malformed", (p) => {
    expect(hasMalformedEscape(p)).toBe(true);
  });
  it.each(["/", "/api/v1/discountcode/ABC", "/%41", "/a%20b", "/%F0%9F%98%80", "/%2F", "/%00"])("%s decodes", (p) => {
    expect(hasMalformedEscape(p)).toBe(false);
  });
});

describe("refuseHostileRequest", () => {
  it("answers a malformed path with 400 problem+json", async () => {
    const res = await refuseHostileRequest(new Request("http://localhost/api/v1/discountcode/%zz"));
    expect(res?.status).toBe(400);
    expect(res?.headers.get("content-type")).toBe("application/problem+json");
    expect(await res?.json()).toMatchObject({ code: "bad_request", status: 400 });
  });

  it("refuses multipart bodies that do not parse, to pages only", async () => {
    const broken = { "content-type": "multipart/form-data; boundary=x" };
    expect(await refused(post("/", broken, "garbage"))).toBe(400);
    expect(await refused(post("/shop", { "content-type": "multipart/form-data" }, "garbage"))).toBe(400);
    expect(await refused(post("/api/v1/x", broken, "garbage"))).toBeNull(); // route handlers read their own
    const form = multipart({ a: "b" });
    expect(await refused(post("/sign-in", form.headers, form.body))).toBeNull();
  });

  it("lets a real no-JS server-action form through, refuses its rows when they do not decode", async () => {
    const ok = multipart({ $ACTION_REF_1: "", "$ACTION_1:0": '{"id":"60ab","bound":"$@1"}', "$ACTION_1:1": "[{}]", email: "a@b.c" });
    expect(await refused(post("/sign-in", ok.headers, ok.body))).toBeNull();
    const dangling = multipart({ $ACTION_REF_1: "", "$ACTION_1:0": '{"id":"60ab","bound":"$@9"}' });
    expect(await refused(post("/sign-in", dangling.headers, dangling.body))).toBe(400);
    const notJson = multipart({ $ACTION_REF_1: "", "$ACTION_1:0": '{"id":"60ab","bound":"$@1"}', "$ACTION_1:1": "zzz" });
    expect(await refused(post("/sign-in", notJson.headers, notJson.body))).toBe(400);
    const noRoot = multipart({ $ACTION_REF_1: "" });
    expect(await refused(post("/sign-in", noRoot.headers, noRoot.body))).toBe(400);
  });

  it("checks fetch-action bodies (next-action): JSON rows whose references all arrive", async () => {
    const action = { "next-action": "60ab" };
    expect(await refused(post("/sign-in", { ...action, "content-type": "text/plain" }, '[null,{"a":"$$x"},"$undefined","$D2020-01-01"]'))).toBeNull();
    expect(await refused(post("/sign-in", { ...action, "content-type": "text/plain" }, "garbage"))).toBe(400);
    expect(await refused(post("/sign-in", action))).toBe(400);
    expect(await refused(post("/sign-in", action, '["$@1"]'))).toBe(400);
    expect(await refused(post("/sign-in", action, '["$Q2"]'))).toBe(400);
    expect(await refused(post("/sign-in", action, '["$zz"]'))).toBe(400);
    expect(await refused(post("/sign-in", action, '{"a":1}'))).toBe(400); // not an argument list
    expect(await refused(post("/sign-in", action, '"x"'))).toBe(400);
    const ok = multipart({ "0": '["$K1","$@2"]', "1_email": "a@b.c", "2": '"x"' });
    expect(await refused(post("/sign-in", { ...action, ...ok.headers }, ok.body))).toBeNull();
    const missing = multipart({ "0": '["$@2"]' });
    expect(await refused(post("/sign-in", { ...action, ...missing.headers }, missing.body))).toBe(400);
    expect(await refused(post("/sign-in", { ...action, "content-type": "multipart/form-data; boundary=x" }, "garbage"))).toBe(400);
  });

  it("leaves other requests alone", async () => {
    expect(await refused(new Request("http://localhost/shop"))).toBeNull();
    expect(await refused(post("/sign-in", { "content-type": "application/x-www-form-urlencoded" }, "a=%zz"))).toBeNull();
    expect(await refused(post("/api/v1/auth/token", { "content-type": "application/json" }, "{"))).toBeNull();
  });
});
