/**
 * Every command id of the extension, in one table. `package.json` `contributes.commands` must list
 * exactly the public ones (a unit test keeps the two in sync).
 */
export const CommandId = {
  EvaluateSelection: 'softmaxLens.evaluateSelection',
  JacobianOfSelection: 'softmaxLens.jacobianOfSelection',
  CrossEntropyGradient: 'softmaxLens.crossEntropyGradient',
  OpenDerivationPanel: 'softmaxLens.openDerivationPanel',
  CheckDerivations: 'softmaxLens.checkDerivations',
  /** Internal: the "Replace with the correct result" quick fix; accepts only a token that quick fix offered. */
  ReplaceWithCorrectResult: 'softmaxLens.replaceWithCorrectResult',
  InsertResult: 'softmaxLens.insertResult',
  CopyResultAsJson: 'softmaxLens.copyResultAsJson',
  /** Internal: the click on a block's "✓ 4 steps hold" lens; lists the block's steps and reveals the one picked. */
  ShowCheckedSteps: 'softmaxLens.showCheckedSteps',
  /** Internal, read-only: a snapshot of the derivation panel (what it last rendered), for tests and tooling. */
  PanelState: 'softmaxLens.internal.panelState',
  /** Internal: performs one panel action (choose a target, insert a step …) exactly as the click does. */
  PanelAction: 'softmaxLens.internal.panelAction',
  /** Registered only when the extension runs under tests: a raw message as if the webview had posted it. */
  SimulatePanelMessage: 'softmaxLens.internal.simulatePanelMessage',
} as const;

export type CommandId = (typeof CommandId)[keyof typeof CommandId];

/** Commands a user sees in the palette (the rest are invoked by code actions, hovers and the panel). */
export const paletteCommands: readonly CommandId[] = [
  CommandId.EvaluateSelection,
  CommandId.JacobianOfSelection,
  CommandId.CrossEntropyGradient,
  CommandId.OpenDerivationPanel,
  CommandId.CheckDerivations,
];
