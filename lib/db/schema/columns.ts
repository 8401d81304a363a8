import { timestamp } from "drizzle-orm/pg-core";

/** A UTC instant; every time column in the schema is one of these. */
export const instant = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

export const timestamps = {
  createdAt: instant("created_at").notNull().defaultNow(),
  updatedAt: instant("updated_at")
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date()),
};
