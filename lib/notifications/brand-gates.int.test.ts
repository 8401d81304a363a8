// "Brands prove who they are before they can reach shoppers" (issue 9, item 3), on the domain with
// real databases: an unverified admin cannot create codes; an unverified shopper is announced
// nothing; a brand's announcements are capped per 24 h (race-free); a per-brand unsubscribe stops
// only that brand's announcements.
import { and, eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testDatabases } from "../../test/db";
import { mailboxCounts, mailboxFor, seedBrand, seedCode, seedShoppers } from "../../test/notification-fixtures";
import { fixedClock, systemClock } from "../clock";
import type { Database } from "../db";
import { brandOptOuts, outboxEvents, users } from "../db/schema";
import { createCode } from "../discounts/create-code";
import { createDatabaseLedger } from "../ledger/database";
import { createMailboxMailer } from "../mail/mailbox";
import { announceCode } from "./announce-code";
import { unsubscribeUrl } from "./messages";
import { unsubscribe, unsubscribeTarget } from "./opt-in";
import type { NotificationPorts } from "./ports";

const secret = "gates-test-secret-0123456789";
const from = "Discounts <no-reply@discounts.test>";
const tokenOf = (url: string) => new URL(url).searchParams.get("token")!;

describe.each(testDatabases())("brand gates on $name", ({ open }) => {
  let database: Database;
  let ports: NotificationPorts;
  beforeEach(async () => {
    database = await open();
    ports = {
      db: database.db,
      mailer: createMailboxMailer({ db: database.db, from }),
      clock: systemClock,
      appUrl: "https://discounts.test",
      unsubscribeSecret: secret,
    };
  });
  afterEach(async () => {
    await database.close();
  });

  const discountPorts = (clock = systemClock) => ({ db: database.db, clock, events: { dispatch: () => {} }, ledger: createDatabaseLedger(database.db) });
  const actorOf = (brand: { brandId: string; brandName: string; admins: { id: string }[] }) => ({
    user: { id: brand.admins[0]!.id, seq: 0 },
    brands: [{ id: brand.brandId, name: brand.brandName }],
  });
  const body = (code: string) => ({ code, discount: 10, validUntil: new Date(Date.now() + 7 * 86_400_000) });

  it("an unverified brand admin cannot create a code: 403 email_unverified, nothing written", async () => {
    const brand = await seedBrand(database.db, { verified: false });
    await expect(createCode(discountPorts(), { actor: actorOf(brand), input: body("NOPE10") })).rejects.toMatchObject({ code: "email_unverified" });
    expect(await database.db.select().from(outboxEvents)).toEqual([]);
    await database.db.update(users).set({ emailVerified: new Date() }).where(eq(users.id, brand.admins[0]!.id));
    expect(await createCode(discountPorts(), { actor: actorOf(brand), input: body("NOPE10") })).toMatchObject({ code: "NOPE10", announced: true });
  });

  it("unverified shoppers are sent no announcements", async () => {
    const brand = await seedBrand(database.db);
    const { codeId } = await seedCode(database.db, brand.brandId);
    const verified = await seedShoppers(database.db, 3);
    const unverified = await seedShoppers(database.db, 4, { verified: false });
    expect((await announceCode(ports, { codeId })).sent).toBe(3);
    const counts = await mailboxCounts(database.db);
    for (const s of verified) expect(counts.get(s.email)).toBe(1);
    for (const s of unverified) expect(counts.get(s.email)).toBeUndefined();
  });

  it("caps announcements per brand in any 24 h: the 4th code of a day is created, not announced", async () => {
    const clock = fixedClock("2030-01-01T09:00:00Z");
    const brand = await seedBrand(database.db);
    const other = await seedBrand(database.db);
    const created = [];
    for (const code of ["CAPA1", "CAPA2", "CAPA3", "CAPA4"]) {
      created.push(await createCode(discountPorts(clock), { actor: actorOf(brand), input: { ...body(code), validUntil: new Date("2030-02-01T00:00:00Z") } }));
      clock.advance(60_000);
    }
    expect(created.map((c) => c.announced)).toEqual([true, true, true, false]);
    // Another brand has its own cap.
    expect((await createCode(discountPorts(clock), { actor: actorOf(other), input: { ...body("CAPB1"), validUntil: new Date("2030-02-01T00:00:00Z") } })).announced).toBe(true);
    // Only announced codes have an announcement event.
    const events = await database.db.select().from(outboxEvents).where(eq(outboxEvents.name, "discount/code.created"));
    const announcedOf = (brandId: string) =>
      events.filter((e) => (e.payload as { brandId: string }).brandId === brandId).map((e) => (e.payload as { codeId: string }).codeId).sort();
    expect(announcedOf(brand.brandId)).toEqual(created.slice(0, 3).map((c) => c.id).sort());
    expect(announcedOf(other.brandId)).toHaveLength(1);
    // 24 h after the first announcement a slot frees up; codes never announced do not count.
    clock.set("2030-01-02T09:00:30Z");
    expect((await createCode(discountPorts(clock), { actor: actorOf(brand), input: { ...body("CAPA5"), validUntil: new Date("2030-02-01T00:00:00Z") } })).announced).toBe(true);
    expect((await createCode(discountPorts(clock), { actor: actorOf(brand), input: { ...body("CAPA6"), validUntil: new Date("2030-02-01T00:00:00Z") } })).announced).toBe(false);
    // A cap of 0 announces nothing.
    expect((await createCode(discountPorts(clock), { actor: actorOf(other), input: { ...body("CAPB2"), validUntil: new Date("2030-02-01T00:00:00Z") }, announcementsPerDay: 0 })).announced).toBe(false);
  });

  it("concurrent creations never take more slots than the cap", async () => {
    const brand = await seedBrand(database.db);
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => createCode(discountPorts(), { actor: actorOf(brand), input: body(`RACE${i}`), announcementsPerDay: 3 })),
    );
    expect(results.filter((r) => r.announced)).toHaveLength(3);
    expect(await database.db.select().from(outboxEvents).where(eq(outboxEvents.name, "discount/code.created"))).toHaveLength(3);
  });

  it("a per-brand unsubscribe stops only that brand's announcements", async () => {
    const acme = await seedBrand(database.db, { name: "Acme" });
    const north = await seedBrand(database.db, { name: "Northwind" });
    const [sam, kim] = await seedShoppers(database.db, 2);
    const link = unsubscribeUrl("https://discounts.test", { userId: sam!.id, brandId: acme.brandId, secret });
    // The page's view of it names the brand, changes nothing.
    expect(await unsubscribeTarget(database.db, { token: tokenOf(link), secret })).toMatchObject({
      email: sam!.email,
      notifyNewCodes: true,
      brand: { id: acme.brandId, name: "Acme", optedOut: false },
    });
    expect(await unsubscribe(database.db, { token: tokenOf(link), secret })).toEqual({ email: sam!.email, brandId: acme.brandId });
    expect(await unsubscribe(database.db, { token: tokenOf(link), secret })).toEqual({ email: sam!.email, brandId: acme.brandId }); // idempotent
    const rows = await database.db.select().from(brandOptOuts).where(and(eq(brandOptOuts.userId, sam!.id)));
    expect(rows).toEqual([expect.objectContaining({ brandId: acme.brandId, userId: sam!.id })]);
    const [samRow] = await database.db.select({ on: users.notifyNewCodes }).from(users).where(eq(users.id, sam!.id));
    expect(samRow!.on).toBe(true); // still subscribed to everyone else

    const acmeCode = await seedCode(database.db, acme.brandId, { code: "ACMEONLY" });
    const northCode = await seedCode(database.db, north.brandId, { code: "NORTHONLY" });
    await announceCode(ports, acmeCode);
    await announceCode(ports, northCode);
    const subjects = async (email: string) => (await mailboxFor(database.db, email)).map((m) => m.subject).sort();
    expect(await subjects(sam!.email)).toEqual(["Northwind: 20% off with code NORTHONLY"]);
    expect(await subjects(kim!.email)).toEqual(["Acme: 20% off with code ACMEONLY", "Northwind: 20% off with code NORTHONLY"]);

    // Kim's announcement carries both links; List-Unsubscribe stays the global one.
    const [mail] = await mailboxFor(database.db, kim!.email);
    const brandId = mail!.subject.startsWith("Acme") ? acme.brandId : north.brandId;
    expect(mail!.text).toContain(unsubscribeUrl("https://discounts.test", { userId: kim!.id, brandId, secret }));
    expect(mail!.headers["List-Unsubscribe"]).toBe(`<${unsubscribeUrl("https://discounts.test", { userId: kim!.id, secret })}>`);
    // A brand token's page view after the click says it is done.
    expect((await unsubscribeTarget(database.db, { token: tokenOf(link), secret }))!.brand!.optedOut).toBe(true);
    // Forged: another brand in the same token.
    const forged = tokenOf(link).replace(acme.brandId, north.brandId);
    await expect(unsubscribe(database.db, { token: forged, secret })).rejects.toMatchObject({ code: "bad_request" });
  });
});
