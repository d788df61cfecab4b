/**
 * RULES.md §4 "Actions that fit the student's stage": an action is shown only while it can still be
 * done, and when several flags recommend the same action the student's page and the one-page summary
 * show it once, naming the flags it serves. Pure: every consumer (screens, reports, CLI) reads these.
 */
import type { Flag, FlagCode } from '../domain';
import { ACTION_DONE_WHEN } from './catalogue';

/** Where the student stands, as far as the actions care (the evaluation's `facts` has both). */
export interface ActionStage {
  /** Step 1 passed; for a US DO a COMLEX Level 1 pass counts too. */
  step1Passed: boolean;
  /** USMLE Step 2 CK has a passing score. */
  ckPassed: boolean;
}

/** True while the action can still be done at this stage. */
export function actionFits(action: string, stage: ActionStage): boolean {
  const doneWhen = ACTION_DONE_WHEN.get(action);
  if (doneWhen === 'ckPassed') return !stage.ckPassed;
  if (doneWhen === 'step1Passed') return !stage.step1Passed;
  return true;
}

/** The actions that still fit, in their order. */
export function actionsForStage(actions: readonly string[], stage: ActionStage): string[] {
  return actions.filter((a) => actionFits(a, stage));
}

/** One recommended action and the flags (codes) it serves, in the flags' order. */
export interface StudentAction {
  action: string;
  codes: FlagCode[];
}

/**
 * The student's actions, each once, naming the flags it serves: in the order the flags come (most
 * severe first) and, within a flag, the guide's order. The flags' actions are already fitted to the
 * student's stage by the rules.
 */
export function studentActions(flags: readonly Flag[]): StudentAction[] {
  const byAction = new Map<string, StudentAction>();
  for (const f of flags)
    for (const action of f.actions) {
      const seen = byAction.get(action);
      if (!seen) byAction.set(action, { action, codes: [f.code] });
      else if (!seen.codes.includes(f.code)) seen.codes.push(f.code);
    }
  return [...byAction.values()];
}
