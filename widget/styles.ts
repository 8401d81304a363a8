// The widget's own stylesheet (inside its Shadow DOM, so the host page's CSS cannot break it).
// Themable from outside through CSS custom properties: --dw-accent, --dw-bg, --dw-fg, --dw-muted,
// --dw-border, --dw-radius, --dw-font.
// The field gives up its width before a page would scroll sideways (the input has no intrinsic
// width: width 100%, min-width 0, so the widget fits any column down to ~15rem; below that the
// button wraps under the field).
export const css = `
:host{display:block;font-family:var(--dw-font,inherit);color:var(--dw-fg,#18181b);
  --a:var(--dw-accent,#4b4ee3);--bg:var(--dw-bg,#fff);--fg:var(--dw-fg,#18181b);--mu:var(--dw-muted,#5b5b66);
  --bd:var(--dw-border,#d2d2da);--r:var(--dw-radius,10px);--ok:var(--dw-success,#047857);--err:var(--dw-danger,#b91c1c);
  --soft:var(--dw-soft,color-mix(in srgb,var(--a) 7%,var(--bg)));--ai:var(--dw-accent-ink,var(--a))}
:host([hidden]){display:none}
*{box-sizing:border-box}
.label{display:block;font-size:.875rem;font-weight:600;margin:0 0 .375rem}
.row{display:flex;flex-wrap:wrap;gap:.5rem}
input{flex:1 1 8rem;width:100%;min-width:0;height:2.5rem;padding:0 .75rem;border:1px solid var(--bd);border-radius:calc(var(--r) - 2px);
  background:var(--bg);color:var(--fg);font:inherit;font-size:.9375rem;font-weight:500;font-variant-numeric:tabular-nums;
  letter-spacing:.06em;text-transform:uppercase}
input::placeholder{text-transform:none;letter-spacing:0;font-weight:400;color:var(--mu);opacity:.85}
input:focus{outline:2px solid var(--a);outline-offset:-1px;border-color:var(--a)}
input[aria-invalid=true]{border-color:var(--err)}
input[aria-invalid=true]:focus{outline-color:var(--err)}
input:disabled{opacity:.75}
button{font:inherit;font-size:.875rem;font-weight:600;cursor:pointer;border-radius:calc(var(--r) - 2px);height:2.5rem;padding:0 1rem;
  border:1px solid transparent;display:inline-flex;align-items:center;justify-content:center;gap:.5rem;white-space:nowrap}
button:focus-visible{outline:2px solid var(--a);outline-offset:2px}
button:disabled{cursor:default;opacity:.6}
.go{flex:none;min-width:6.5rem;background:var(--a);color:#fff}
.go:not(:disabled):hover{filter:brightness(.92)}
.link{height:auto;padding:0;border:0;background:none;color:var(--ai);font-weight:500;text-decoration:underline;text-underline-offset:2px}
.spin{width:1rem;height:1rem;border-radius:50%;border:2px solid currentColor;border-right-color:transparent;animation:s .7s linear infinite}
@keyframes s{to{transform:rotate(1turn)}}
@media (prefers-reduced-motion:reduce){.spin{animation-duration:2s}}
.hint{margin:.375rem 0 0;font-size:.8125rem;color:var(--mu);min-height:1.25rem}
.err{margin:.375rem 0 0;font-size:.8125rem;color:var(--err);display:flex;gap:.375rem;align-items:flex-start}
.err b{font-weight:600}
.box{overflow-wrap:anywhere;margin-top:.75rem;border:1px solid var(--bd);border-radius:var(--r);padding:.75rem .875rem;background:var(--soft);font-size:.875rem;line-height:1.45}
.box.ok{border-color:color-mix(in srgb,var(--ok) 35%,var(--bd));background:color-mix(in srgb,var(--ok) 7%,var(--bg))}
.head{display:flex;align-items:center;gap:.5rem;flex-wrap:wrap;margin-bottom:.25rem}
.code{font-family:var(--dw-mono,ui-monospace,SFMono-Regular,Menlo,Consolas,monospace);font-weight:600;font-size:.8125rem;letter-spacing:.03em;
  padding:.125rem .5rem;border-radius:6px;border:1px dashed color-mix(in srgb,var(--a) 55%,transparent);color:var(--ai)}
.ok .pct{color:var(--ok)}
.ok .code{color:var(--ok);border-color:color-mix(in srgb,var(--ok) 55%,transparent)}
.pct{font-weight:600}
.muted{color:var(--mu)}
.save{margin:.375rem 0 0;font-weight:600}
.warn{margin:.375rem 0 0;color:var(--dw-warning,#92400e)}
p{margin:0}
.foot{display:flex;align-items:center;justify-content:space-between;gap:.75rem;margin-top:.5rem;flex-wrap:wrap}
.count{font-variant-numeric:tabular-nums;font-weight:600;color:var(--fg)}
.sr{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0}
`;
