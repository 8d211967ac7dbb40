/**
 * Internal commands of the derivation panel (not in the palette). `panelState` returns a
 * `PanelSnapshot` — what the host last posted and what the webview reported it rendered — and
 * `panelAction` performs a `PanelAction` in the panel exactly as the matching click would (hover
 * links use it to pick a target; integration tests use both).
 */
export const PanelCommand = {
  State: 'softmaxLens.internal.panelState',
  Action: 'softmaxLens.internal.panelAction',
} as const;
