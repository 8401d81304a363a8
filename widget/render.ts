// The widget's DOM inside its Shadow DOM: the form it is built from, and each state drawn into it.
// Every message goes to an ARIA live region; the held box with its ticking countdown sits outside
// it, so the countdown is not announced every second.
import { formatCountdown, secondsLeft } from "../lib/cart/countdown";
import type { CodeInfo, Usage } from "./api";
import { buttonLabel, hintOf, isBusy, isHeld, type State } from "./state";
import { css } from "./styles";
import { appliedWords, cartWords, offWords, remainingWords, savedWords, termsWords, type Wording } from "./words";

const errIcon =
  '<svg width="16" height="16" viewBox="0 0 20 20" fill="currentColor" aria-hidden="true" style="flex:none;margin-top:1px"><path fill-rule="evenodd" d="M18 10a8 8 0 11-16 0 8 8 0 0116 0zm-8-5a.75.75 0 01.75.75v4.5a.75.75 0 01-1.5 0v-4.5A.75.75 0 0110 5zm0 10a1 1 0 100-2 1 1 0 000 2z" clip-rule="evenodd"/></svg>';

const checkIcon =
  '<svg width="16" height="16" viewBox="0 0 20 20" fill="currentColor" aria-hidden="true" style="flex:none;vertical-align:-3px;margin-right:4px"><path fill-rule="evenodd" d="M16.7 5.3a1 1 0 010 1.4l-8 8a1 1 0 01-1.4 0l-4-4a1 1 0 011.4-1.4l3.3 3.29 7.3-7.3a1 1 0 011.4 0z" clip-rule="evenodd"/></svg>';

/** The parts of the widget that change with its state. */
export interface Parts {
  form: HTMLFormElement;
  input: HTMLInputElement;
  button: HTMLButtonElement;
  hint: HTMLParagraphElement;
  error: HTMLDivElement;
  /** The live region. */
  status: HTMLDivElement;
  /** The held box (outside the live region). */
  box: HTMLDivElement;
}

/** Builds the widget's form into `root`; `id` keeps its ids unique on the page. */
export function mount(root: ShadowRoot, id: string): Parts {
  root.innerHTML = `<style>${css}</style>
<form part="form" novalidate>
  <label class="label" part="label" for="${id}-in">Discount code</label>
  <div class="row">
    <input id="${id}-in" part="input" name="code" autocomplete="off" autocapitalize="characters" spellcheck="false"
      maxlength="40" enterkeyhint="go" placeholder="Enter a code" aria-describedby="${id}-err ${id}-hint">
    <button class="go" part="button" type="submit"></button>
  </div>
  <div id="${id}-err" role="alert"></div>
  <p id="${id}-hint" class="hint"></p>
</form>
<div class="status" role="status" aria-live="polite" aria-atomic="true"></div>
<div class="held"></div>`;
  const q = <T extends Element>(s: string) => root.querySelector(s) as T;
  return {
    form: q("form"),
    input: q("input"),
    button: q("button.go"),
    hint: q(".hint"),
    error: q("[role=alert]"),
    status: q(".status"),
    box: q(".held"),
  };
}

export function el(tag: string, attrs: Record<string, string> = {}, text?: string): HTMLElement {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

/** Says `text` once through the live region (outside any state's own message). */
export function announce(p: Parts, text: string) {
  p.status.replaceChildren(el("span", { class: "sr" }, text));
}

/** Puts the seconds left on the held box's countdown. */
export function tick(p: Parts, left: number) {
  const t = p.box.querySelector<HTMLElement>("[data-countdown]");
  if (t) t.textContent = formatCountdown(left);
}

/** Draws `s`; `onRemove` is the held box's Remove button. */
export function render(p: Parts, s: State, w: Wording, onRemove: () => void) {
  const busy = isBusy(s);
  const held = isHeld(s);
  p.input.disabled = held;
  p.input.readOnly = busy;
  if (s.kind === "refused") p.input.setAttribute("aria-invalid", "true");
  else p.input.removeAttribute("aria-invalid");

  const label = buttonLabel(s);
  // Busy: a spinner in place of the label, so the button (and the field beside it) keep their width.
  p.button.replaceChildren(...(busy ? [el("span", { class: "spin", "aria-hidden": "true" }), el("span", { class: "sr" }, label)] : [label]));
  p.button.disabled = held;
  p.button.setAttribute("aria-busy", String(busy));

  p.error.replaceChildren();
  if (s.kind === "refused") {
    const line = el("p", { class: "err", part: "error" });
    line.innerHTML = errIcon;
    const text = el("span");
    text.append(el("b", {}, s.refusal.title + ". "), s.refusal.detail);
    line.append(text);
    p.error.append(line);
  }

  p.hint.textContent = hintOf(s);
  p.hint.hidden = s.kind === "refused" || held;

  // The live region says what happened; the held box (with its ticking countdown) sits outside it.
  if (s.kind !== "releasing") p.status.replaceChildren();
  p.box.replaceChildren();
  if (s.kind === "preview" || s.kind === "applying") p.status.append(previewBox(s.info, w));
  else if (s.kind === "held") {
    p.status.append(el("span", { class: "sr" }, appliedWords(s.usage, s.deadline, w)));
    p.box.append(heldBox({ info: s.info, usage: s.usage, deadline: s.deadline, releasing: false, w, onRemove }));
  } else if (s.kind === "releasing") p.box.append(heldBox({ info: s.info, usage: s.usage, deadline: s.deadline, releasing: true, w, onRemove }));
  else if (s.kind === "checking") p.status.append(el("span", { class: "sr" }, `Checking ${s.code}…`));
}

/** A checked code: its brand, terms and what it would save on this cart. */
function previewBox(info: CodeInfo, w: Wording): HTMLElement {
  const box = el("div", { class: "box", part: "preview" });
  const head = el("div", { class: "head" });
  head.append(el("span", { class: "code" }, info.code), el("span", { class: "pct" }, offWords(info, w)), el("span", { class: "muted" }, `· ${info.brand.name}`));
  box.append(head, el("p", { class: "muted" }, termsWords(info, w)));
  const remaining = remainingWords(info);
  if (remaining) box.append(el("p", { class: "muted" }, remaining));
  const onCart = cartWords(info, w);
  if (onCart) box.append(el("p", { class: onCart.kind }, onCart.text));
  return box;
}

/** A held code: what it saved, the countdown to the hold's end, and Remove. */
function heldBox(o: { info: CodeInfo; usage: Usage; deadline: number | null; releasing: boolean; w: Wording; onRemove: () => void }): HTMLElement {
  const { info, deadline, releasing } = o;
  const box = el("div", { class: "box ok", part: "applied" });
  const head = el("div", { class: "head" });
  const title = el("span", { class: "pct" });
  title.innerHTML = checkIcon;
  title.append("Code applied");
  head.append(title, el("span", { class: "code" }, info.code));
  box.append(head, el("p", { class: "muted" }, `${offWords(info, o.w)} ${info.brand.name} items.`));
  const saved = savedWords(o.usage, o.w);
  box.append(saved ? el("p", { class: "save" }, saved) : el("p", { class: "muted" }, "The discount will be taken off at payment."));
  const foot = el("div", { class: "foot" });
  if (deadline !== null) {
    const line = el("p", { class: "muted", part: "countdown" });
    const t = el("span", { class: "count", role: "timer", "aria-live": "off", "data-countdown": "" }, formatCountdown(secondsLeft(new Date(deadline))));
    line.append("Held for you for ", t, " — place your order before then.");
    foot.append(line);
  }
  const remove = el("button", { type: "button", class: "link", part: "remove" }, releasing ? "Removing…" : "Remove") as HTMLButtonElement;
  remove.setAttribute("aria-label", `Remove code ${info.code}`);
  remove.disabled = releasing;
  remove.addEventListener("click", o.onRemove);
  foot.append(remove);
  box.append(foot);
  return box;
}
