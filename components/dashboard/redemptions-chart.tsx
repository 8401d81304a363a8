"use client";

// Redemptions per day as a bar chart (recharts), with a text summary and a data table for screen
// readers. Colours come from the design tokens through CSS, so dark mode just works. A day's
// discount is shown per currency.
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { moneyPerCurrency } from "./money-per-currency";

export interface ChartPoint {
  day: string;
  redemptions: number;
  discounts: { currency: string; amount: number }[];
}

const dayLabel = (day: string) => new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: "UTC" }).format(new Date(day + "T00:00:00Z"));

function ChartTooltip({ active, payload }: { active?: boolean; payload?: readonly { payload?: unknown }[] }) {
  const p = active ? (payload?.[0]?.payload as ChartPoint | undefined) : undefined;
  if (!p) return null;
  return (
    <div className="rounded-lg border border-line bg-surface px-3 py-2 text-xs shadow-pop">
      <p className="font-medium text-fg">{dayLabel(p.day)}</p>
      <p className="mt-0.5 text-fg-muted tabular">
        {p.redemptions} {p.redemptions === 1 ? "redemption" : "redemptions"}
        {p.discounts.length ? ` · ${moneyPerCurrency(p.discounts, (d) => d.amount)} off` : ""}
      </p>
    </div>
  );
}

export function RedemptionsChart({ points }: { points: ChartPoint[] }) {
  const total = points.reduce((n, p) => n + p.redemptions, 0);
  const peak = points.reduce((best, p) => (p.redemptions > best.redemptions ? p : best), points[0] ?? { day: "", redemptions: 0, discounts: [] });
  const first = points[0]?.day;
  const last = points[points.length - 1]?.day;
  const summary =
    total === 0
      ? `No redemptions between ${first ? dayLabel(first) : ""} and ${last ? dayLabel(last) : ""}.`
      : `${total} ${total === 1 ? "redemption" : "redemptions"} between ${dayLabel(first!)} and ${dayLabel(last!)}; the busiest day was ${dayLabel(peak.day)} with ${peak.redemptions}.`;
  return (
    <figure className="relative m-0">
      {total === 0 ? (
        <p className="pointer-events-none absolute inset-x-0 top-1/2 z-10 -translate-y-1/2 text-center text-sm text-fg-muted" aria-hidden="true">
          <span className="rounded-md bg-surface px-2 py-1">No redemptions in this period yet</span>
        </p>
      ) : null}
      <div
        className="h-60 w-full text-brand-500 [&_.recharts-cartesian-axis-tick-value]:fill-fg-subtle [&_.recharts-cartesian-grid_line]:stroke-line [&_.recharts-tooltip-cursor]:fill-surface-sunken"
        aria-hidden="true"
      >
        <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 600, height: 240 }}>
          <BarChart data={points} margin={{ top: 8, right: 4, bottom: 0, left: -20 }} accessibilityLayer={false}>
            <CartesianGrid vertical={false} strokeDasharray="3 3" />
            <XAxis
              dataKey="day"
              tickFormatter={dayLabel}
              tickLine={false}
              axisLine={false}
              fontSize={12}
              minTickGap={24}
              tickMargin={8}
            />
            <YAxis allowDecimals={false} tickLine={false} axisLine={false} fontSize={12} width={44} />
            <Tooltip content={(props) => <ChartTooltip active={props.active} payload={props.payload} />} cursor={{ radius: 4 }} isAnimationActive={false} />
            <Bar dataKey="redemptions" fill="currentColor" radius={[4, 4, 0, 0]} maxBarSize={28} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="sr-only">{summary}</figcaption>
    </figure>
  );
}
