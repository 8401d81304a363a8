// GET|POST|PUT /api/inngest — Inngest's endpoint (sync, run functions). Only with INNGEST_EVENT_KEY
// and INNGEST_SIGNING_KEY set; on the embedded default there is no Inngest, so it answers 404.
import type { NextRequest } from "next/server";
import { serve } from "inngest/next";
import { DomainError } from "@/lib/errors";
import { problem } from "@/lib/http";
import { newId } from "@/lib/ids";
import { inngestFromEnv } from "@/lib/inngest";
import { otherMethods } from "@/lib/http/methods";

type Handler = ReturnType<typeof serve>;
const g = globalThis as unknown as { __inngestHandler?: Promise<Handler | null> };

function handler(): Promise<Handler | null> {
  g.__inngestHandler ??= inngestFromEnv().then((x) => (x ? serve({ client: x.client, functions: x.functions }) : null));
  g.__inngestHandler.catch(() => (g.__inngestHandler = undefined));
  return g.__inngestHandler;
}

const notConfigured = () =>
  problem(new DomainError("not_found", "Background jobs run in-process here: Inngest is not configured."), newId("request"));

export async function GET(req: NextRequest, ctx: unknown) {
  const h = await handler();
  return h ? h.GET(req, ctx) : notConfigured();
}

export async function POST(req: NextRequest, ctx: unknown) {
  const h = await handler();
  return h ? h.POST(req, ctx) : notConfigured();
}

export async function PUT(req: NextRequest, ctx: unknown) {
  const h = await handler();
  return h ? h.PUT(req, ctx) : notConfigured();
}

export const { PATCH, DELETE, OPTIONS } = otherMethods({ GET, POST, PUT });
