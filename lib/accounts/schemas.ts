// The accounts API's schemas (API.md "Accounts and tokens"): they validate requests, type the
// handlers and feed the OpenAPI document. Emails are trimmed and lower-cased on the way in.
import { z } from "zod";
import { safeText } from "../http/text";
import { tokenNameSchema } from "./token-name";

export const emailSchema = safeText()
  .trim()
  .toLowerCase()
  .max(254)
  .pipe(z.email({ message: "Enter a valid email address." }));

export const PASSWORD_MIN = 8;
// Long enough for any passphrase; the cap keeps argon2 work per request bounded.
export const PASSWORD_MAX = 256;
export const passwordSchema = z
  .string()
  .min(PASSWORD_MIN, { message: `Use at least ${PASSWORD_MIN} characters.` })
  .max(PASSWORD_MAX, { message: `Use at most ${PASSWORD_MAX} characters.` });

export const userRoleSchema = z.enum(["shopper", "brand"]);

export const registerBodySchema = z
  .object({
    email: emailSchema,
    password: passwordSchema,
    name: safeText().trim().min(1, { message: "Enter your name." }).max(100),
    role: userRoleSchema,
    brandName: safeText().trim().min(2, { message: "Use at least 2 characters." }).max(80).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.role === "brand" && !v.brandName) {
      ctx.addIssue({ code: "custom", path: ["brandName"], message: "A brand account needs a brand name." });
    }
    if (v.role === "shopper" && v.brandName !== undefined) {
      ctx.addIssue({ code: "custom", path: ["brandName"], message: "Only brand accounts have a brand name." });
    }
  })
  .meta({ id: "RegisterBody" });
export type RegisterInput = z.output<typeof registerBodySchema>;

export const tokenBodySchema = z
  .object({
    email: emailSchema,
    // Not the sign-up rules: any string is checked, so the answer never hints at the policy.
    password: z.string().min(1).max(PASSWORD_MAX),
    // Optional: without it the token is named after the client that signed in (token-name.ts).
    name: tokenNameSchema.optional(),
  })
  .meta({ id: "TokenBody" });
export type TokenInput = z.output<typeof tokenBodySchema>;

export const brandRefSchema = z.object({ id: z.string(), name: z.string() }).meta({ id: "BrandRef" });

export const publicUserSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: userRoleSchema,
    emailVerified: z.boolean().meta({ description: "The address was proven by the link of a verification email." }),
    brand: brandRefSchema.optional(),
  })
  .meta({ id: "User" });

export const registerResponseSchema = z.object({ user: publicUserSchema }).meta({ id: "RegisterResponse" });

export const tokenResponseSchema = z
  .object({
    token: z.string().meta({ description: "Shown once; send it as `Authorization: Bearer <token>`." }),
    tokenType: z.literal("Bearer"),
    expiresAt: z.iso.datetime(),
    user: publicUserSchema,
  })
  .meta({ id: "TokenResponse" });

export const introspectionResponseSchema = z
  .object({ active: z.literal(true), expiresAt: z.iso.datetime(), user: publicUserSchema })
  .meta({ id: "TokenIntrospection" });

export const verifyEmailBodySchema = z
  .object({
    token: z.string().trim().min(1, { message: "is required" }).max(200).meta({ description: "From the verification link: `/verify-email?token=…`." }),
  })
  .meta({ id: "VerifyEmailBody" });
export type VerifyEmailInput = z.output<typeof verifyEmailBodySchema>;

export const verifyEmailResponseSchema = z.object({ user: publicUserSchema }).meta({ id: "VerifyEmailResponse" });

export const verificationSentSchema = z
  .object({
    sent: z.boolean().meta({ description: "false: the address is verified already, nothing was sent." }),
    expiresAt: z.iso.datetime().optional().meta({ description: "When the new link stops working." }),
  })
  .meta({ id: "VerificationSent" });
