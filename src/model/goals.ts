/**
 * The goal tree of a report, walked by the profile's levels. Every stage that looks at goals
 * (derive, check, prose, render, diff) walks it the same way and never names a level.
 */
import type { Path } from '../load/yaml-file.js';
import type { Profile } from '../profile/profile.js';
import type { Level } from '../schema/profile.js';
import type { GoalNode, SammanställningRef } from '../schema/goals.js';
import type { Report } from '../schema/report.js';

export interface GoalVisit {
  node: GoalNode;
  levelKey: string;
  level: Level;
  path: Path;
  depth: number;
  parent?: GoalVisit;
}

/** The children of a node, per child level in the order the profile lists them. */
export function childGroups(visit: Pick<GoalVisit, 'node' | 'level'>): { key: string; nodes: GoalNode[] }[] {
  return visit.level.undernivåer.map((key) => ({ key, nodes: (visit.node[key] as GoalNode[] | undefined) ?? [] }));
}

/** Every node of the goal tree, depth first in document order. */
export function walkGoals(report: Report, profile: Profile): GoalVisit[] {
  const out: GoalVisit[] = [];
  const visit = (nodes: GoalNode[], levelKey: string, base: Path, depth: number, parent?: GoalVisit) => {
    const level = profile.level(levelKey);
    nodes.forEach((node, i) => {
      const v: GoalVisit = { node, levelKey, level, path: [...base, levelKey, i], depth, parent };
      out.push(v);
      for (const child of level.undernivåer) visit((node[child] as GoalNode[] | undefined) ?? [], child, v.path, depth + 1, v);
    });
  };
  for (const root of profile.rootKeys) visit(report.mål[root] ?? [], root, ['mål'], 0);
  return out;
}

/** The scale value of a node's assessment field, when the level has that scale and the node a value. */
export function scaleOf(level: Level, field: 'bedömning' | 'trend' | 'status'): string | undefined {
  return level[field];
}

/** A node's summary table: the level it shows, the printed row order and heading when given. */
export function summaryOf(node: GoalNode): { nivå: string; ordning?: string[]; rubrik?: string } | undefined {
  const ref: SammanställningRef | undefined = node.sammanställning;
  if (ref === undefined) return undefined;
  return typeof ref === 'string' ? { nivå: ref } : ref;
}

/** Is `d` below `ancestor` in the walk? */
export function isDescendant(d: GoalVisit, ancestor: GoalVisit): boolean {
  for (let p = d.parent; p; p = p.parent) if (p === ancestor) return true;
  return false;
}
